import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../src/database/embedded-postgres';
import { newLoadBody } from './loads-fixtures';
import { startTestApp, TestApp } from './helpers/test-app';
import { startThrowawayPostgres, ThrowawayPostgres } from './helpers/throwaway-postgres';

/**
 * PostgreSQL stopped under a running app, then started again: requests answer 503 with
 * Retry-After while it is down, and 200 again once it is back, without restarting the app.
 */
describe('PostgreSQL down', () => {
  let dataDir: string;
  let port: number;
  let postgres: ThrowawayPostgres | undefined;
  let t: TestApp | undefined;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'freight-pg-down-'));
    port = await freePort();
    postgres = await startThrowawayPostgres(dataDir, port);
    // No cache: every GET must reach the database.
    t = await startTestApp({ CACHE_ENABLED: 'false', DB_POOL_WAIT_MS: '1000' }, { databaseUrl: postgres.url('freight') });
  });

  afterAll(async () => {
    await t?.close();
    await postgres?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 503 with Retry-After while it is down, and recovers by itself', async () => {
    const app = t!;
    const token = await app.login('dispatcher@freight.local');
    expect((await app.request('GET', '/api/loads?limit=1', { token })).status).toBe(200);
    expect((await app.request('GET', '/api/health/ready')).status).toBe(200);
    expect((await app.request('GET', '/api/health/live')).status).toBe(200);

    await postgres!.stop();
    for (const [method, path, body] of [
      ['GET', '/api/loads?limit=1', undefined],
      ['GET', '/api/drivers', undefined],
      ['POST', '/api/loads', newLoadBody()],
      ['GET', '/api/analytics', undefined],
    ] as const) {
      const response = await app.request(method, path, { token, body });
      expect({ path, status: response.status }).toEqual({ path, status: 503 });
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(response.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable', path: path.split('?')[0] });
      expect(response.body.message).toMatch(/database is (unavailable|busy)/);
    }
    // Readiness (and the combined check) say the app cannot serve; liveness says the process is fine.
    expect((await app.request('GET', '/api/health')).status).toBe(503);
    expect((await app.request('GET', '/api/health/ready')).status).toBe(503);
    expect((await app.request('GET', '/api/health/live')).status).toBe(200);

    postgres = await startThrowawayPostgres(dataDir, port);
    // The pool reconnects on its own; wait (generously) for the first success.
    let status = 0;
    for (let attempt = 0; attempt < 100 && status !== 200; attempt++) {
      status = (await app.request('GET', '/api/loads?limit=1', { token })).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).toBe(200);
    const created = await app.request('POST', '/api/loads', { token, body: newLoadBody() });
    expect(created.status).toBe(201);
    expect((await app.request('GET', '/api/health/ready')).status).toBe(200);
  });
});
