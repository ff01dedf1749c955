// Who is signed in, shared by every page: loaded once from GET /api/session, set by signing in,
// cleared by signing out or when the server says the session has ended. The CSRF token comes only
// with signing in, so it is kept in the browser's storage to survive a reload (the cookie itself
// is HttpOnly and out of the page's reach).
import { reactive, readonly } from 'vue';
import { api, ApiError } from './api/client';
import type { SessionUser } from './access';

const CSRF_KEY = 'kieumau.csrf';

export type SessionStatus = 'unknown' | 'signed-in' | 'signed-out';

const state = reactive({
  status: 'unknown' as SessionStatus,
  user: null as SessionUser | null,
  // Why the user was signed out, for the sign-in page to say: the session ended, or a click.
  endedBy: null as 'expired' | 'sign-out' | null,
});

export const session = readonly(state);

function storeCsrf(token: string | null): void {
  api.setCsrf(token);
  try {
    if (token) localStorage.setItem(CSRF_KEY, token);
    else localStorage.removeItem(CSRF_KEY);
  } catch {
    // kept in memory only
  }
}

function restoreCsrf(): void {
  try {
    api.setCsrf(localStorage.getItem(CSRF_KEY));
  } catch {
    api.setCsrf(null);
  }
}

function signedOut(endedBy: 'expired' | 'sign-out' | null): void {
  state.status = 'signed-out';
  state.user = null;
  state.endedBy = endedBy;
  storeCsrf(null);
}

// Asks the server who is signed in (once; again with `force`).
export async function loadSession(force = false): Promise<void> {
  if (state.status !== 'unknown' && !force) return;
  restoreCsrf();
  // A CSRF token kept from signing in, with no session behind it: the session ended meanwhile.
  const hadSession = api.csrfToken !== null;
  try {
    const answer = await api.get('/api/session');
    state.user = answer.user;
    state.status = 'signed-in';
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      signedOut(hadSession ? 'expired' : null);
      return;
    }
    throw error;
  }
}

export async function signIn(username: string, password: string): Promise<SessionUser> {
  const answer = await api.post('/api/session', { body: { username, password } });
  storeCsrf(answer.csrf);
  state.user = answer.user;
  state.status = 'signed-in';
  state.endedBy = null;
  return answer.user;
}

export async function signOut(): Promise<void> {
  try {
    await api.delete('/api/session');
  } finally {
    signedOut('sign-out');
  }
}

// The server answered 401 to a request of a signed-in page: the session expired.
export function sessionExpired(): void {
  if (state.status === 'signed-in') signedOut('expired');
}

export async function changePassword(current: string, password: string): Promise<void> {
  await api.post('/api/session/password', { body: { current, password } });
  if (state.user) state.user = { ...state.user, must_change_password: false };
}

// The server refused a request until the password is changed (an administrator reset it).
export function passwordChangeRequired(): void {
  if (state.user) state.user = { ...state.user, must_change_password: true };
}

export function clearEndedBy(): void {
  state.endedBy = null;
}
