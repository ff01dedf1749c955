// What the sign-in page says when signing in fails. One message for every refusal — a wrong
// password, no such account, a disabled one — so the page never tells whether an account exists;
// after too many attempts, when to try again (the time the server gives, in Vietnam's time).
import { ApiError } from './api/client';

export type SignInProblem =
  | { key: 'signIn.failed' }
  | { key: 'signIn.tooMany'; time: string; date: string }
  | { key: 'errors.network' }
  | { key: 'errors.unexpected'; requestId: string | null };

export function signInProblem(error: unknown): SignInProblem {
  if (!(error instanceof ApiError)) return { key: 'errors.unexpected', requestId: null };
  if (error.code === 'network') return { key: 'errors.network' };
  if (error.code === 'too_many_attempts') {
    // "… hãy thử lại sau 14:32 ngày 05/01/2026 (giờ Việt Nam) (…)"
    const when = /(\d{1,2}:\d{2}) ngày (\d{2}\/\d{2}\/\d{4})/.exec(error.message);
    if (when) return { key: 'signIn.tooMany', time: when[1]!, date: when[2]! };
    return { key: 'signIn.tooMany', time: '?', date: '?' };
  }
  if (error.status >= 400 && error.status < 500) return { key: 'signIn.failed' };
  return { key: 'errors.unexpected', requestId: error.requestId };
}
