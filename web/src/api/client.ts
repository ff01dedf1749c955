// A small typed client of the KieuMau API: paths, bodies and answers typed from the OpenAPI
// document (generated/api.d.ts), the session cookie sent with every request, the CSRF token on every
// state-changing one, and every error body mapped to an ApiError (code, message, request id).
import type { components, paths } from '../../generated/api';

export type ErrorBody = components['schemas']['Error'];
// The server's closed list of codes, and two of the client's own: no answer at all, or one that
// is not the API's error shape.
export type ErrorCode = ErrorBody['error']['code'] | 'network' | 'unexpected';

export class ApiError extends Error {
  readonly status: number; // 0 when no answer came
  readonly code: ErrorCode;
  readonly requestId: string | null;
  readonly details: readonly string[];

  constructor(status: number, code: ErrorCode, message: string, requestId: string | null, details: readonly string[] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.requestId = requestId;
    this.details = details;
  }
}

function isErrorBody(body: unknown): body is ErrorBody {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error = (body as { error: unknown }).error;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}

// The ApiError of an answer that is not a success: the API's error body when it is one, else an
// "unexpected" error with the status (a proxy's HTML page, an empty body, …).
export function errorFromAnswer(status: number, bodyText: string, requestIdHeader: string | null): ApiError {
  let body: unknown = null;
  try {
    body = JSON.parse(bodyText);
  } catch {
    // not JSON
  }
  if (isErrorBody(body)) {
    const { code, message, request_id: requestId, details } = body.error;
    return new ApiError(status, code, message, requestId ?? requestIdHeader, details ?? []);
  }
  return new ApiError(status, 'unexpected', `HTTP ${status}`, requestIdHeader);
}

type Method = 'get' | 'post' | 'put' | 'delete';
type PathsWith<M extends Method> = {
  [P in keyof paths]: paths[P] extends { [K in M]: object } ? P : never;
}[keyof paths];
type Operation<P extends keyof paths, M extends Method> = paths[P] extends { [K in M]: infer O } ? O : never;
type JsonOf<R> = R extends { content: { 'application/json': infer T } } ? T : never;
// The JSON answer of the first success status the operation declares.
type Answer<O> = O extends { responses: infer R }
  ? R extends { 200: infer A }
    ? JsonOf<A>
    : R extends { 201: infer A }
      ? JsonOf<A>
      : unknown
  : never;
type Body<O> = O extends { requestBody: { content: { 'application/json': infer B } } }
  ? B
  : O extends { requestBody?: { content: { 'application/json': infer B } } }
    ? B | undefined
    : undefined;
type PathParams<O> = O extends { parameters: { path: infer P } } ? ([P] extends [undefined] ? undefined : P) : undefined;
type QueryParams<O> = O extends { parameters: { query?: infer Q } } ? Q : undefined;

export interface RequestOptions<O> {
  params?: PathParams<O>;
  query?: QueryParams<O>;
  body?: Body<O>;
  signal?: AbortSignal;
}

type Fetch = (input: string, init: RequestInit) => Promise<Response>;

export interface ClientHooks {
  // A 401 on anything but signing in: the session ended (expired, or signed out elsewhere).
  onUnauthenticated?: (error: ApiError) => void;
  // A 403 password_change_required: an administrator reset the password.
  onPasswordChangeRequired?: (error: ApiError) => void;
}

export function buildUrl(path: string, params?: object, query?: object): string {
  let url = path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = (params as Record<string, unknown> | undefined)?.[name];
    if (value === undefined || value === null) throw new Error(`missing path parameter ${name}`);
    return encodeURIComponent(String(value));
  });
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null) continue;
    search.append(key, String(value));
  }
  const text = search.toString();
  if (text) url += `?${text}`;
  return url;
}

export class ApiClient {
  private csrf: string | null = null;

  constructor(
    private readonly fetchImpl: Fetch = (input, init) => fetch(input, init),
    public hooks: ClientHooks = {},
  ) {}

  setCsrf(token: string | null): void {
    this.csrf = token;
  }

  get csrfToken(): string | null {
    return this.csrf;
  }

  get<P extends PathsWith<'get'>>(path: P, options: RequestOptions<Operation<P, 'get'>> = {}) {
    return this.request<Answer<Operation<P, 'get'>>>('GET', path, options);
  }
  post<P extends PathsWith<'post'>>(path: P, options: RequestOptions<Operation<P, 'post'>> = {}) {
    return this.request<Answer<Operation<P, 'post'>>>('POST', path, options);
  }
  put<P extends PathsWith<'put'>>(path: P, options: RequestOptions<Operation<P, 'put'>> = {}) {
    return this.request<Answer<Operation<P, 'put'>>>('PUT', path, options);
  }
  delete<P extends PathsWith<'delete'>>(path: P, options: RequestOptions<Operation<P, 'delete'>> = {}) {
    return this.request<Answer<Operation<P, 'delete'>>>('DELETE', path, options);
  }

  private async request<T>(method: string, path: string, options: RequestOptions<unknown>): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    if (method !== 'GET' && this.csrf) headers['X-CSRF-Token'] = this.csrf;
    const url = buildUrl(path, options.params ?? undefined, options.query ?? undefined);
    let response: Response;
    try {
      response = await this.fetchImpl(url, {
        method,
        headers,
        credentials: 'same-origin',
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: options.signal,
      });
    } catch (cause) {
      if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
      throw new ApiError(0, 'network', String(cause), null);
    }
    const text = await response.text();
    if (!response.ok) {
      const error = errorFromAnswer(response.status, text, response.headers.get('X-Request-Id'));
      const signingIn = method === 'POST' && path === '/api/session';
      if (error.status === 401 && !signingIn) this.hooks.onUnauthenticated?.(error);
      if (error.code === 'password_change_required') this.hooks.onPasswordChangeRequired?.(error);
      throw error;
    }
    if (!text) return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ApiError(response.status, 'unexpected', 'invalid JSON', response.headers.get('X-Request-Id'));
    }
  }
}

export const api = new ApiClient();
