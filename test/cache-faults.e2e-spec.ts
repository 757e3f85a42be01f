import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../bench/lib/server-process';
import { MemoryResponseStore } from '../src/cache/stores/memory-response-store';
import { RESPONSE_STORE } from '../src/cache/stores/response-store';
import { timedRequest } from './helpers/chaos/chaos-http';
import type { ChaosRig, ScenarioResult } from './helpers/chaos/rig';
import { instancePartitioned, redisEvicting, redisFrozen, redisRestarted, ScenarioOptions, writerKilled } from './helpers/chaos/scenarios';
import { rawRequest } from './helpers/raw-http';
import { startTestRedis } from './helpers/redis';
import { startTcpProxy } from './helpers/tcp-proxy';
import { startTestApp, TEST_JWT_SECRET, TestApp } from './helpers/test-app';

/** Few rounds and a short fault: a few hundred requests per scenario. */
const OPTIONS: ScenarioOptions = { rounds: 4, faultMs: 1000 };
const MEMORY_BOUND = 1024 * 1024;

const waitFor = async (check: () => boolean | Promise<boolean>, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** What every scenario must show: no stale read, nothing but 200s, every instance back to HITs. */
function expectCorrectAndRecovered(result: ScenarioResult): void {
  // Printed, not asserted: timing belongs to `npm run chaos`.
  console.log(
    `${result.scenario}: ${result.operations} ops, worst read ${result.worstReadMs} ms, recovered in ${result.recoverySeconds} s; ${result.notes.join('; ')}`,
  );
  expect(result.staleReads).toEqual([]);
  expect(result.failures).toEqual([]);
  expect(result.recoverySeconds).not.toBeNull();
}

/**
 * The cache's promise under faults, with real redis-server and PostgreSQL: after a write's
 * response, no instance serves the data as it was before the write, and every instance comes
 * back to HITs by itself. The scenarios are shared with `npm run chaos` (test/helpers/chaos),
 * which runs them against child processes and prints the timings.
 */
describe('response cache under faults', () => {
  /** Seeds the shared database; its in-process store (no REDIS_URL) is the one bounded in bytes. */
  let seeder: TestApp;
  let rig: ChaosRig;
  let logDir: string;

  beforeAll(async () => {
    seeder = await startTestApp({ CACHE_MEMORY_MAX_BYTES: String(MEMORY_BOUND) });
    logDir = mkdtempSync(join(tmpdir(), 'freight-chaos-'));
    const databaseUrl = seeder.databaseUrl;
    rig = {
      databaseUrl,
      token: await seeder.login('dispatcher@freight.local'),
      start: async (name, env) => {
        const app = await startTestApp(env, { databaseUrl, seed: false });
        return { name, baseUrl: app.baseUrl, stop: () => app.close() };
      },
      // The one instance that must die by SIGKILL runs in its own process, as deployed.
      startKillable: async (name, env) => {
        // The secret of the in-process instances, so the seeder's token works on this one too.
        const child = {
          JWT_SECRET: TEST_JWT_SECRET,
          DATABASE_URL: databaseUrl,
          SEED_DEMO_DATA: 'false',
          CACHE_WARMUP: 'false',
          LOG_LEVEL: 'warn',
          LOG_REQUESTS: 'false',
          ...env,
        };
        const server = await startServer(name, 'app-server.ts', child, logDir);
        return { name, baseUrl: server.baseUrl, stop: () => server.stop(), kill: () => server.kill() };
      },
      log: () => undefined,
    };
  });
  afterAll(async () => {
    await seeder?.close();
    if (logDir) rmSync(logDir, { recursive: true, force: true });
  });

  it('Redis frozen: reads answer 200 (BYPASS) instead of hanging, no stale read, HITs again after the thaw', async () => {
    const result = await redisFrozen(rig, OPTIONS);
    expectCorrectAndRecovered(result);
    expect(result.readsDuringFault).toBeGreaterThan(0);
    expect(result.okDuringFault).toBe(result.readsDuringFault);
    expect(result.bypassDuringFault).toBeGreaterThan(0);
  });

  it('Redis evicting: a lost generation key only ever causes a miss, never old data', async () => {
    const result = await redisEvicting(rig, OPTIONS);
    expectCorrectAndRecovered(result);
    expect(result.evictedKeys).toBeGreaterThan(0);
    expect(result.afterGenerationDeleted).toBe('MISS');
    expect(result.afterGenerationDeletedCurrent).toBe(true);
  });

  it('a writer SIGKILLed after committing: the relay applies what it left, and the outbox drains', async () => {
    const result = await writerKilled(rig, OPTIONS);
    expectCorrectAndRecovered(result);
    expect(result.committedUnanswered).toBeGreaterThan(0);
    expect(result.visibleOnBSeconds).not.toBeNull();
    expect(result.outboxDrained).toBe(true);
  });

  it('Redis restarted empty: reads bypass while it is down, writes answer, HITs again after', async () => {
    const result = await redisRestarted(rig, OPTIONS);
    expectCorrectAndRecovered(result);
    expect(result.bypassWhileDown).toBeGreaterThan(0);
    expect(result.okWhileDown).toBe(result.readsWhileDown);
    expect(result.okWritesWhileDown).toBe(result.writesWhileDown);
  });

  it('Redis unreachable from one instance: its writes answer and the other shows them at once', async () => {
    const result = await instancePartitioned(rig, OPTIONS);
    expectCorrectAndRecovered(result);
    expect(result.writesCutOff).toBeGreaterThan(0);
    expect(result.okWritesCutOff).toBe(result.writesCutOff);
  });

  it('a slow database link: a read that starts after a write never gets a result queried before it', async () => {
    // B reaches PostgreSQL through a proxy that holds back answers: its detail query runs
    // before the write, and its result arrives after it. A read that started after the write's
    // response used to join that run (single flight) and be handed the old row.
    const redis = await startTestRedis();
    const url = new URL(rig.databaseUrl);
    const pg = await startTcpProxy(Number(url.port));
    url.port = String(pg.port);
    const a = await startTestApp({ REDIS_URL: redis.url }, { databaseUrl: rig.databaseUrl, seed: false });
    // No relay polls through the proxy meanwhile, so held bytes are the reads' own.
    const b = await startTestApp({ REDIS_URL: redis.url, CACHE_OUTBOX_POLL_MS: '60000' }, { databaseUrl: url.toString(), seed: false });
    try {
      const auth = { authorization: `Bearer ${rig.token}` };
      const driver = (await a.request('GET', '/api/drivers?limit=1', { token: rig.token })).body.data[0];
      const detail = `${b.baseUrl}/api/drivers/${driver.id}`;
      // A pooled connection already open, so the query itself is sent at once.
      expect((await rawRequest(`${b.baseUrl}/api/drivers?limit=2`, auth)).status).toBe(200);

      pg.stall('replies');
      const before = rawRequest(detail, auth);
      await waitFor(() => pg.heldBytes() > 0);
      const name = `Renamed ${Date.now()}`;
      const write = await timedRequest('PATCH', `${a.baseUrl}/api/drivers/${driver.id}`, rig.token, { name });
      expect(write.status).toBe(200);
      const heldAtWrite = pg.heldBytes();
      const after = rawRequest(detail, auth);
      // Its own query is held back too (or, with the old single flight, never sent at all).
      await waitFor(() => pg.heldBytes() > heldAtWrite, 2000).catch(() => undefined);
      pg.heal();

      expect((await before).status).toBe(200);
      const shown = await after;
      expect(shown.status).toBe(200);
      expect(JSON.parse(shown.body.toString()).name).toBe(name);
    } finally {
      pg.heal();
      await b.close();
      await a.close();
      await pg.close();
      await redis.stop();
    }
  });

  it('the in-process store stays within CACHE_MEMORY_MAX_BYTES under a flood of distinct valid queries', async () => {
    const store = seeder.app.get<MemoryResponseStore>(RESPONSE_STORE);
    expect(store).toBeInstanceOf(MemoryResponseStore);
    let largest = 0;
    const variants = 160;
    for (let i = 0; i < variants; i += 8) {
      const batch = Array.from({ length: 8 }, (_, k) => {
        const createdFrom = new Date(Date.UTC(2020, 0, 1) + i + k).toISOString();
        return timedRequest('GET', `${seeder.baseUrl}/api/loads?limit=100&createdFrom=${createdFrom}`, rig.token);
      });
      for (const response of await Promise.all(batch)) expect(response.status).toBe(200);
      largest = Math.max(largest, store.sizeBytes);
    }
    console.log(`memory store: ${store.size} entries, ${store.sizeBytes} bytes after ${variants} distinct lists (largest seen ${largest})`);
    expect(largest).toBeLessThanOrEqual(MEMORY_BOUND);
    // The bound was reached (entries were evicted), not merely never approached.
    expect(store.size).toBeGreaterThan(0);
    expect(store.size).toBeLessThan(variants);
  });
});
