import { maskError } from './mask-errors';

describe('error masking', () => {
  it('keeps client-facing errors and hides everything else behind a code', () => {
    expect(maskError({ message: 'Sign in first.', extensions: { code: 'UNAUTHENTICATED', stacktrace: ['x'] } })).toEqual({ message: 'Sign in first.', extensions: { code: 'UNAUTHENTICATED' } });
    const logged: unknown[] = [];
    const masked = maskError({ message: 'ER_NO_SUCH_TABLE: select * from secret', extensions: { code: 'INTERNAL_SERVER_ERROR' } }, (e) => logged.push(e));
    expect(masked).toEqual({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(logged).toHaveLength(1);
  });
});
