import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../src/database/embedded-postgres';
import { DRIVER_LIST_TTL_SECONDS } from '../src/drivers/drivers.controller';
import { rawRequest } from './helpers/raw-http';
import { startThrowawayPostgres, ThrowawayPostgres } from './helpers/throwaway-postgres';
import { startTestApp, TestApp } from './helpers/test-app';

/**
 * Grace: while PostgreSQL is down, entries past their TTL whose dependencies have not moved keep
 * reads answering, marked by Cache-Status; an entry a write invalidated is never served. A
 * PostgreSQL of its own, so stopping it disturbs no other test.
 */
describe('cache grace with PostgreSQL stopped', () => {
  let postgres: ThrowawayPostgres;
  let dataDir: string;
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'freight-grace-pg-'));
    postgres = await startThrowawayPostgres(dataDir, await freePort());
    t = await startTestApp({}, { databaseUrl: postgres.url('freight') });
    token = await t.login('dispatcher@freight.local');
  });
  afterAll(async () => {
    await t?.close().catch(() => undefined);
    await postgres?.stop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  });

  const get = (path: string) => rawRequest(t.baseUrl + path, { authorization: `Bearer ${token}` });

  it('serves valid entries past their TTL, and never one a write invalidated', async () => {
    const lists = ['/api/drivers?limit=2', '/api/loads?limit=2'];
    for (const path of lists) {
      expect((await get(path)).headers['x-cache']).toBe('MISS');
      expect((await get(path)).headers['x-cache']).toBe('HIT');
    }
    // A write invalidates the loads list; the drivers list stays valid.
    const [load] = JSON.parse((await get('/api/loads?status=posted&limit=1')).body.toString()).data;
    expect((await t.request('PATCH', `/api/loads/${load.id}`, { token, body: { weightKg: 4321 } })).status).toBe(200);

    await postgres.stop();
    const now = Date.now();
    // Past the drivers list's TTL, within the twice-TTL it is kept.
    const spy = jest.spyOn(Date, 'now').mockReturnValue(now + (DRIVER_LIST_TTL_SECONDS + 1) * 1000);
    try {
      const graced = await get(lists[0]);
      expect(graced.status).toBe(200);
      expect(graced.headers['cache-status']).toMatch(/^freight; hit; ttl=-\d+$/);
      // Its refresh failed quietly: the next read is still answered from the same entry.
      const again = await get(lists[0]);
      expect(again.status).toBe(200);
      expect(again.body.equals(graced.body)).toBe(true);

      // The invalidated list is not served, however the database answers.
      const invalidated = await get(lists[1]);
      expect(invalidated.status).toBe(503);
      expect(invalidated.headers['retry-after']).toBeDefined();
    } finally {
      spy.mockRestore();
    }
  });
});
