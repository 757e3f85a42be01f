import { rawRequest } from './helpers/raw-http';
import { startTestRedis, TestRedis } from './helpers/redis';
import { startTestApp, TestApp } from './helpers/test-app';

const waitFor = async (what: string, check: () => Promise<boolean>, timeoutMs = 20_000) => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what}: not met within ${timeoutMs} ms`);
};

/**
 * The invalidation outbox: written in the write's transaction, applied and removed by the
 * writer before its response, and, when Redis cannot be reached in time, counted, shown in
 * health and applied before the cache is used again.
 */
describe('cache invalidation outbox (real PostgreSQL and Redis)', () => {
  let redis: TestRedis;
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    redis = await startTestRedis();
    t = await startTestApp({ REDIS_URL: redis.url, REDIS_COMMAND_TIMEOUT_MS: '200', CACHE_INVALIDATION_WAIT_MS: '300' });
    token = await t.login('dispatcher@freight.local');
  });
  afterAll(async () => {
    await t?.close();
    await redis?.stop();
  });

  const get = (path: string) => rawRequest(t.baseUrl + path, { authorization: `Bearer ${token}` });
  const pending = async () =>
    Number((await t.dataSource.query<Array<{ n: number }>>('SELECT count(*)::int AS n FROM cache_invalidation_outbox'))[0].n);
  const deferred = async () => {
    const metrics = await (await fetch(`${t.baseUrl}/metrics`)).text();
    return Number(/^cache_invalidations_deferred_total (\d+)/m.exec(metrics)?.[1] ?? NaN);
  };

  it('a write applies its invalidation before answering, and its row is removed by the next relay tick', async () => {
    const driver = JSON.parse((await get('/api/drivers?limit=1')).body.toString()).data[0];
    const before = await deferred();
    const write = await t.request('PATCH', `/api/drivers/${driver.id}`, { token, body: { name: 'Outbox Fast Path' } });
    expect(write.status).toBe(200);
    // Applied on the fast path (nothing deferred); the row itself is gone within a tick.
    expect(await deferred()).toBe(before);
    await waitFor('the acknowledged row is removed', async () => (await pending()) === 0);
  });

  it('a write that fails records no invalidation (the row is in its rolled-back transaction)', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    const write = await t.request('PATCH', `/api/drivers/${missing}`, { token, body: { name: 'Nobody' } });
    expect(write.status).toBe(404);
    expect(await pending()).toBe(0);
  });

  it('with Redis away: the write answers, the gap is counted and shown, and applied before the cache is used again', async () => {
    const driver = JSON.parse((await get('/api/drivers?limit=1')).body.toString()).data[0];
    const path = `/api/drivers/${driver.id}`;
    await get(path);
    expect((await get(path)).headers['x-cache']).toBe('HIT');
    const deferredBefore = await deferred();

    await redis.kill();
    const write = await t.request('PATCH', path, { token, body: { name: 'Written While Redis Was Away' } });
    expect(write.status).toBe(200);
    expect(await pending()).toBeGreaterThanOrEqual(1);
    expect(await deferred()).toBe(deferredBefore + 1);
    await waitFor('health shows the open circuit and the outbox', async () => {
      const cache = (await t.request('GET', '/api/health')).body.info.cache;
      return cache.state === 'degraded' && cache.circuit !== 'closed' && cache.outbox.pending >= 1;
    });
    // While Redis is away every read is served from the database.
    const during = await get(path);
    expect(during.headers['x-cache']).toBe('BYPASS');
    expect(JSON.parse(during.body.toString()).name).toBe('Written While Redis Was Away');

    await redis.restart();
    await waitFor('the circuit closes', async () => (await get(path)).headers['x-cache'] !== 'BYPASS');
    expect(await pending()).toBe(0);
    const after = await get(path);
    expect(JSON.parse(after.body.toString()).name).toBe('Written While Redis Was Away');
    expect((await get(path)).headers['x-cache']).toBe('HIT');
    const cache = (await t.request('GET', '/api/health')).body.info.cache;
    expect(cache).toMatchObject({ state: 'up', circuit: 'closed' });
  });

  it('a frozen Redis keeps its old entries, yet none is served after the write: the outbox is applied before the circuit closes', async () => {
    const driver = JSON.parse((await get('/api/drivers?limit=1')).body.toString()).data[0];
    const path = `/api/drivers/${driver.id}`;
    await get(path);
    expect((await get(path)).headers['x-cache']).toBe('HIT');

    redis.freeze();
    try {
      // Reads time out (200 ms) and open the circuit; the write gives up waiting after 300 ms.
      const write = await t.request('PATCH', path, { token, body: { name: 'Written While Redis Was Frozen' } });
      expect(write.status).toBe(200);
      // Reads time out until five in a row open the circuit.
      await waitFor('the circuit opens', async () => {
        await get(path);
        return (await t.request('GET', '/api/health')).body.info.cache.circuit !== 'closed';
      });
    } finally {
      redis.thaw();
    }
    // From here on, every read must show the write, and the first HIT comes only once the
    // probe has applied the outbox (the entry written before the freeze is still in Redis).
    await waitFor('the cache is used again', async () => {
      const read = await get(path);
      expect(JSON.parse(read.body.toString()).name).toBe('Written While Redis Was Frozen');
      return read.headers['x-cache'] === 'HIT';
    });
    expect(await pending()).toBe(0);
  });
});
