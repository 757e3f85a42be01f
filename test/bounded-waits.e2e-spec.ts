import { Client } from 'pg';
import { newLoadBody } from './loads-fixtures';
import { startTestApp, TestApp, TestResponse } from './helpers/test-app';

/** A load row locked by another session (BEGIN; SELECT … FOR UPDATE) until release(). */
async function holdRowLock(databaseUrl: string, loadId: string): Promise<{ release(): Promise<void> }> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query('BEGIN');
  await client.query('SELECT id FROM loads WHERE id = $1 FOR UPDATE', [loadId]);
  return {
    async release() {
      await client.query('ROLLBACK');
      await client.end();
    },
  };
}

async function createLoad(t: TestApp, token: string): Promise<string> {
  const created = await t.request('POST', '/api/loads', { token, body: newLoadBody() });
  expect(created.status).toBe(201);
  return created.body.id as string;
}

async function timed<T>(label: string, work: Promise<T>): Promise<T> {
  const started = Date.now();
  const result = await work;
  // A figure for the report, not an assertion: CI machines are busy.
  console.log(`${label}: answered in ${Date.now() - started} ms`);
  return result;
}

function expectRetryable503(response: TestResponse, path: string): void {
  expect(response.status).toBe(503);
  expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  expect(response.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable', path });
  expect(response.body.message).toMatch(/database is busy/);
}

describe('bounded waits on PostgreSQL', () => {
  describe('a PATCH blocked by a row lock held elsewhere', () => {
    let t: TestApp;
    beforeAll(async () => {
      // Short bounds so the test is quick; the pool is large enough for other requests to go on.
      t = await startTestApp({ DB_LOCK_TIMEOUT_MS: '500', DB_STATEMENT_TIMEOUT_MS: '5000', DB_POOL_WAIT_MS: '2000', CACHE_ENABLED: 'false' });
    });
    afterAll(() => t.close());

    it('answers 503 with Retry-After once lock_timeout passes, while other requests keep working', async () => {
      const token = await t.login('dispatcher@freight.local');
      const lockedId = await createLoad(t, token);
      const otherId = await createLoad(t, token);
      const lock = await holdRowLock(t.databaseUrl, lockedId);
      try {
        const blocked = timed('PATCH of a locked load', t.request('PATCH', `/api/loads/${lockedId}`, { token, body: { weightKg: 19000 } }));
        // While the PATCH waits on the lock: reads, and a write to another load, go through.
        const [list, other, patchOther] = await Promise.all([
          t.request('GET', '/api/loads?limit=5', { token }),
          t.request('GET', `/api/loads/${otherId}`, { token }),
          t.request('PATCH', `/api/loads/${otherId}`, { token, body: { weightKg: 17000 } }),
        ]);
        expect([list.status, other.status, patchOther.status]).toEqual([200, 200, 200]);

        expectRetryable503(await blocked, `/api/loads/${lockedId}`);
      } finally {
        await lock.release();
      }
      // The lock gone, the same PATCH succeeds: nothing was left half-done.
      const retried = await t.request('PATCH', `/api/loads/${lockedId}`, { token, body: { weightKg: 19000 } });
      expect(retried.status).toBe(200);
      expect(retried.body.weightKg).toBe(19000);
    });
  });

  describe('statement_timeout', () => {
    let t: TestApp;
    beforeAll(async () => {
      // lock_timeout above statement_timeout: the statement's own bound is what stops it.
      t = await startTestApp({ DB_LOCK_TIMEOUT_MS: '60000', DB_STATEMENT_TIMEOUT_MS: '500', CACHE_ENABLED: 'false' });
    });
    afterAll(() => t.close());

    it('cancels a statement that runs too long (57014) and answers 503', async () => {
      const token = await t.login('dispatcher@freight.local');
      const id = await createLoad(t, token);
      const lock = await holdRowLock(t.databaseUrl, id);
      try {
        expectRetryable503(
          await timed('POST cancel stopped by statement_timeout', t.request('POST', `/api/loads/${id}/cancel`, { token })),
          `/api/loads/${id}/cancel`,
        );
      } finally {
        await lock.release();
      }
    });
  });

  describe('the pool wait', () => {
    let t: TestApp;
    beforeAll(async () => {
      // One connection: while the blocked PATCH holds it, others wait for the pool, briefly.
      t = await startTestApp({ DB_POOL_SIZE: '1', DB_POOL_WAIT_MS: '200', DB_LOCK_TIMEOUT_MS: '3000', CACHE_ENABLED: 'false' });
    });
    afterAll(() => t.close());

    it('answers 503 instead of 500 when no connection frees up in time', async () => {
      const token = await t.login('dispatcher@freight.local');
      const id = await createLoad(t, token);
      const lock = await holdRowLock(t.databaseUrl, id);
      try {
        const blocked = t.request('PATCH', `/api/loads/${id}`, { token, body: { weightKg: 19000 } });
        // Wait until the PATCH holds the only connection (it waits on the lock), then read.
        const admin = new Client({ connectionString: t.databaseUrl });
        await admin.connect();
        try {
          for (let i = 0; i < 200; i++) {
            const { rows } = await admin.query<{ waiting: number }>(
              `SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
            );
            if (rows[0].waiting > 0) break;
            await new Promise((r) => setTimeout(r, 25));
          }
        } finally {
          await admin.end();
        }
        const starved = await timed('GET waiting for the pool', t.request('GET', `/api/loads/${id}`, { token }));
        expectRetryable503(starved, `/api/loads/${id}`);
        expect((await blocked).status).toBe(503);
      } finally {
        await lock.release();
      }
      expect((await t.request('GET', `/api/loads/${id}`, { token })).status).toBe(200);
    });
  });
});
