import { ConfigError, loadConfig } from './config';

describe('configuration', () => {
  it('reports every bad value at once', () => {
    let error: unknown;
    try {
      loadConfig({ GATEWAY_PORT: 'eighty', DATABASE_URL: 'postgres://x', MAX_PAGE_SIZE: '0', JWT_SECRET: 'short' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['GATEWAY_PORT', 'DATABASE_URL', 'MAX_PAGE_SIZE', 'JWT_SECRET']) expect(problems).toContain(name);
  });

  it('production requires explicit secrets and turns the playground off', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET: required/);
    const config = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32), VIEWER_SIGNING_SECRET: 'y'.repeat(32) });
    expect(config.playground).toBe(false);
    expect(config.introspection).toBe(false);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('takes a shutdown grace of 0 to 600000 ms, 10 s unless told', () => {
    const secrets = { JWT_SECRET: 'x'.repeat(32), VIEWER_SIGNING_SECRET: 'y'.repeat(32) };
    expect(loadConfig(secrets).shutdownGraceMs).toBe(10_000);
    expect(loadConfig({ ...secrets, SHUTDOWN_GRACE_MS: '2500' }).shutdownGraceMs).toBe(2500);
    for (const bad of ['-1', 'soon', '600001']) expect(() => loadConfig({ ...secrets, SHUTDOWN_GRACE_MS: bad })).toThrow(/SHUTDOWN_GRACE_MS/);
  });
});
