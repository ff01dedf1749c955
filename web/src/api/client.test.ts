import { describe, expect, it, vi } from 'vitest';
import { ApiClient, ApiError, buildUrl, errorFromAnswer } from './client';

function answer(status: number, body: string, headers: Record<string, string> = {}): Response {
  return new Response(body, { status, headers });
}

describe('errorFromAnswer', () => {
  it('reads the API error body: code, message, request id, details', () => {
    const error = errorFromAnswer(
      422,
      JSON.stringify({ error: { request_id: 'r-1', code: 'invalid', message: 'Sai (wrong)', details: ['a'] } }),
      'r-header',
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(422);
    expect(error.code).toBe('invalid');
    expect(error.message).toBe('Sai (wrong)');
    expect(error.requestId).toBe('r-1');
    expect(error.details).toEqual(['a']);
  });

  it('calls anything else unexpected, keeping the status and the X-Request-Id', () => {
    const html = errorFromAnswer(502, '<html>Bad gateway</html>', 'r-2');
    expect(html.code).toBe('unexpected');
    expect(html.status).toBe(502);
    expect(html.requestId).toBe('r-2');
    expect(errorFromAnswer(500, '', null).code).toBe('unexpected');
    expect(errorFromAnswer(400, '{"error": "text"}', null).code).toBe('unexpected');
  });
});

describe('buildUrl', () => {
  it('fills path parameters and leaves out empty query values', () => {
    expect(buildUrl('/api/units/{code}', { code: '09 187' }, { as_of: '2025-07-01', q: undefined })).toBe(
      '/api/units/09%20187?as_of=2025-07-01',
    );
    expect(() => buildUrl('/api/units/{code}', {}, {})).toThrow(/code/);
  });
});

describe('ApiClient', () => {
  it('sends the CSRF token on state-changing requests only, with the cookie', async () => {
    const fetchImpl = vi.fn(async () => answer(200, '{"signed_out": true}'));
    const client = new ApiClient(fetchImpl);
    client.setCsrf('token-1');
    await client.get('/api/session');
    await client.delete('/api/session');
    const [getUrl, getInit] = fetchImpl.mock.calls[0] as unknown as [string, RequestInit];
    const [, deleteInit] = fetchImpl.mock.calls[1] as unknown as [string, RequestInit];
    expect(getUrl).toBe('/api/session');
    expect(getInit.credentials).toBe('same-origin');
    expect((getInit.headers as Record<string, string>)['X-CSRF-Token']).toBeUndefined();
    expect((deleteInit.headers as Record<string, string>)['X-CSRF-Token']).toBe('token-1');
    expect(deleteInit.method).toBe('DELETE');
  });

  it('sends JSON bodies and parses JSON answers', async () => {
    const fetchImpl = vi.fn(async () =>
      answer(200, JSON.stringify({ csrf: 'c', user: { id: 1, username: 'u', name: 'U', must_change_password: false, grants: [] } })),
    );
    const client = new ApiClient(fetchImpl);
    const session = await client.post('/api/session', { body: { username: 'u', password: 'p' } });
    expect(session.csrf).toBe('c');
    const [, init] = fetchImpl.mock.calls[0] as unknown as [string, RequestInit];
    expect(init.body).toBe('{"username":"u","password":"p"}');
    expect((init.headers as Record<string, string>)['Content-Type']).toBe('application/json');
  });

  it('throws the typed error and tells the app when the session ended', async () => {
    const body = JSON.stringify({ error: { request_id: 'r', code: 'unauthenticated', message: 'Chưa đăng nhập (not signed in)' } });
    const onUnauthenticated = vi.fn();
    const client = new ApiClient(async () => answer(401, body), { onUnauthenticated });
    await expect(client.get('/api/about')).rejects.toMatchObject({ status: 401, code: 'unauthenticated', requestId: 'r' });
    expect(onUnauthenticated).toHaveBeenCalledTimes(1);
  });

  it('does not call a failed sign-in an ended session', async () => {
    const body = JSON.stringify({ error: { request_id: 'r', code: 'unauthenticated', message: 'Sai (wrong)' } });
    const onUnauthenticated = vi.fn();
    const client = new ApiClient(async () => answer(401, body), { onUnauthenticated });
    await expect(client.post('/api/session', { body: { username: 'u', password: 'p' } })).rejects.toBeInstanceOf(ApiError);
    expect(onUnauthenticated).not.toHaveBeenCalled();
  });

  it('tells the app when the password must be changed first', async () => {
    const body = JSON.stringify({ error: { request_id: 'r', code: 'password_change_required', message: 'Đổi (change)' } });
    const onPasswordChangeRequired = vi.fn();
    const client = new ApiClient(async () => answer(403, body), { onPasswordChangeRequired });
    await expect(client.get('/api/about')).rejects.toMatchObject({ code: 'password_change_required' });
    expect(onPasswordChangeRequired).toHaveBeenCalledTimes(1);
  });

  it('calls a failed connection a network error', async () => {
    const client = new ApiClient(async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(client.get('/api/health')).rejects.toMatchObject({ status: 0, code: 'network' });
  });
});
