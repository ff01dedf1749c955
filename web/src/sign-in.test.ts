import { describe, expect, it } from 'vitest';
import { ApiError } from './api/client';
import { signInProblem } from './sign-in';

describe('signInProblem', () => {
  it('says the same thing for every refusal', () => {
    for (const [status, code] of [
      [401, 'unauthenticated'],
      [403, 'forbidden'],
      [400, 'bad_request'],
    ] as const) {
      expect(signInProblem(new ApiError(status, code, 'x', 'r'))).toEqual({ key: 'signIn.failed' });
    }
  });
  it('says when to try again after too many attempts', () => {
    const error = new ApiError(
      429,
      'too_many_attempts',
      'Đăng nhập sai quá nhiều lần; hãy thử lại sau 14:32 ngày 05/01/2026 (giờ Việt Nam) (too many failed sign-ins; try again after that time)',
      'r',
    );
    expect(signInProblem(error)).toEqual({ key: 'signIn.tooMany', time: '14:32', date: '05/01/2026' });
  });
  it('tells a server failure or no connection apart', () => {
    expect(signInProblem(new ApiError(0, 'network', 'x', null))).toEqual({ key: 'errors.network' });
    expect(signInProblem(new ApiError(500, 'internal', 'x', 'r-9'))).toEqual({ key: 'errors.unexpected', requestId: 'r-9' });
  });
});
