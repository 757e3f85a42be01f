import { loadConfig } from '../config/app-config';
import { httpTimeoutOptions } from './http-timeouts';

const config = (env: Record<string, string> = {}) => loadConfig({ DATABASE_URL: 'postgres://localhost/x', JWT_SECRET: 'unit-test-secret', ...env });

describe('httpTimeoutOptions', () => {
  it('bounds every request by default: 30 s for the request, 10 s for the headers', () => {
    expect(httpTimeoutOptions(config().http)).toEqual({
      requestTimeout: 30_000,
      keepAliveTimeout: 72_000,
      connectionTimeout: 60_000,
      http: { requestTimeout: 30_000, headersTimeout: 10_000, connectionsCheckingInterval: 1000 },
    });
  });

  it('never lets the headers timeout exceed the request timeout (Node refuses that)', () => {
    const options = httpTimeoutOptions(config({ REQUEST_TIMEOUT_MS: '500' }).http);
    expect(options.http).toEqual({ requestTimeout: 500, headersTimeout: 500, connectionsCheckingInterval: 500 });
  });

  it('refuses a request timeout of 0, which would mean none', () => {
    expect(() => config({ REQUEST_TIMEOUT_MS: '0' })).toThrow(/REQUEST_TIMEOUT_MS/);
  });
});
