import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { DEMO_LOGINS } from '../../src/database/seeding/demo-data';
import { createTestDatabase } from './database';

/** Tests give the app its secret explicitly, as production does: the app has no default. */
export const TEST_JWT_SECRET = 'test-only-jwt-secret-0123456789-abcdefghijklmnop';

export type DemoEmail = (typeof DEMO_LOGINS)[number]['email'];

export interface TestResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface TestApp {
  app: NestFastifyApplication;
  baseUrl: string;
  databaseUrl: string;
  dataSource: DataSource;
  request<T = any>(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> },
  ): Promise<TestResponse<T>>;
  login(email: DemoEmail): Promise<string>;
  close(): Promise<void>;
}

/**
 * A real app on a real port against its own freshly migrated database (seeded with the demo
 * data), reached over HTTP with fetch: the whole stack, nothing mocked.
 */
export async function startTestApp(env: Record<string, string> = {}, options: { databaseUrl?: string; seed?: boolean } = {}): Promise<TestApp> {
  const database = options.databaseUrl ? undefined : await createTestDatabase();
  const databaseUrl = options.databaseUrl ?? database!.url;
  const config: AppConfig = loadConfig({
    DATABASE_URL: databaseUrl,
    CACHE_WARMUP: 'false',
    // The app seeds its own demo data at start-up, as `npm start` does.
    SEED_DEMO_DATA: options.seed === false ? 'false' : 'true',
    // Generous: a busy test machine must not turn a slow Redis answer into a BYPASS. The
    // outage tests set their own short bound.
    REDIS_COMMAND_TIMEOUT_MS: '2000',
    JWT_SECRET: TEST_JWT_SECRET,
    // Suites log in far more often from 127.0.0.1 than a person would; the rate-limit tests
    // set their own limits.
    RATE_LIMIT_LOGIN_PER_ACCOUNT: '100000',
    RATE_LIMIT_LOGIN_PER_IP: '100000',
    RATE_LIMIT_PASSWORD_CHANGE_PER_ACCOUNT: '100000',
    RATE_LIMIT_PASSWORD_CHANGE_PER_IP: '100000',
    ...env,
  });
  const app = await createApp(config, { logger: false });
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
  } catch (error) {
    await app.close();
    await database?.drop();
    throw error;
  }
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const baseUrl = `http://127.0.0.1:${port}`;
  const dataSource = app.get(DataSource);

  const tokens = new Map<string, string>();
  const request: TestApp['request'] = async (method, path, opts = {}) => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | undefined;
    if (opts.rawBody !== undefined) {
      body = opts.rawBody;
      headers['content-type'] ??= 'application/json';
    } else if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['content-type'] = 'application/json';
    }
    const response = await fetch(baseUrl + path, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    if ((response.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
    return { status: response.status, headers: response.headers, body: parsed as any, text };
  };

  return {
    app,
    baseUrl,
    databaseUrl,
    dataSource,
    request,
    async login(email) {
      const cached = tokens.get(email);
      if (cached) return cached;
      const login = DEMO_LOGINS.find((l) => l.email === email)!;
      const response = await request('POST', '/api/auth/login', { body: { email, password: login.password } });
      if (response.status !== 200) throw new Error(`login ${email} failed: ${response.status} ${response.text}`);
      tokens.set(email, response.body.accessToken);
      return response.body.accessToken;
    },
    async close() {
      await app.close();
      await database?.drop();
    },
  };
}
