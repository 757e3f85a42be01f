import { rawRequest } from './helpers/raw-http';
import { startTestRedis, TestRedis } from './helpers/redis';
import { startTestApp, TestApp } from './helpers/test-app';

const waitFor = async (check: () => Promise<boolean>, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('condition not met in time');
};

describe('response cache with two instances sharing one Redis', () => {
  let redis: TestRedis;
  let a: TestApp;
  let b: TestApp;
  let token: string;

  beforeAll(async () => {
    redis = await startTestRedis();
    a = await startTestApp({ REDIS_URL: redis.url });
    b = await startTestApp({ REDIS_URL: redis.url }, { databaseUrl: a.databaseUrl, seed: false });
    token = await a.login('dispatcher@freight.local');
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await redis?.stop();
  });

  const get = (app: TestApp, path: string) => rawRequest(app.baseUrl + path, { authorization: `Bearer ${token}` });

  it('shares entries: a miss on one instance is a hit on the other', async () => {
    const first = await get(a, '/api/loads?limit=3');
    const second = await get(b, '/api/loads?limit=3');
    expect(first.headers['x-cache']).toBe('MISS');
    expect(second.headers['x-cache']).toBe('HIT');
    expect(second.body.equals(first.body)).toBe(true);
  });

  it('never returns data older than a write whose response was sent, under concurrent reads on both', async () => {
    const loads = (await a.request('GET', '/api/loads?status=posted&limit=3', { token })).body.data as Array<{ id: string }>;
    let stop = false;
    const readers = [a, b].flatMap((app) =>
      loads.map(async (load) => {
        // Background readers keep missing and storing while the writes happen.
        while (!stop) {
          await get(app, `/api/loads/${load.id}`);
          await get(app, '/api/loads?status=posted&limit=3');
        }
      }),
    );
    try {
      for (let round = 1; round <= 15; round++) {
        const load = loads[round % loads.length];
        const writer = round % 2 === 0 ? a : b;
        const rateCents = 100_000 + round;
        const write = await writer.request('PATCH', `/api/loads/${load.id}`, { token, body: { rateCents } });
        expect(write.status).toBe(200);
        for (const app of [a, b]) {
          const detail = JSON.parse((await get(app, `/api/loads/${load.id}`)).body.toString());
          expect(detail.rateCents).toBe(rateCents);
          const list = JSON.parse((await get(app, '/api/loads?status=posted&limit=3')).body.toString());
          expect(list.data.find((l: { id: string }) => l.id === load.id).rateCents).toBe(rateCents);
        }
      }
    } finally {
      stop = true;
      await Promise.all(readers);
    }
  });
});

describe('response cache when Redis goes away', () => {
  let redis: TestRedis;
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    redis = await startTestRedis();
    t = await startTestApp({ REDIS_URL: redis.url, REDIS_COMMAND_TIMEOUT_MS: '100' });
    token = await t.login('dispatcher@freight.local');
  });
  afterAll(async () => {
    await t?.close();
    await redis?.stop();
  });

  const get = (path: string) => rawRequest(t.baseUrl + path, { authorization: `Bearer ${token}` });

  it('serves 200s with X-Cache: BYPASS while Redis is down, reports degraded health, then recovers by itself', async () => {
    await get('/api/drivers');
    expect((await get('/api/drivers')).headers['x-cache']).toBe('HIT');

    await redis.kill();
    const started = Date.now();
    const during = await Promise.all(Array.from({ length: 10 }, () => get('/api/drivers')));
    expect(during.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(during.every((r) => r.headers['x-cache'] === 'BYPASS' || r.headers['x-cache'] === 'HIT')).toBe(true);
    await waitFor(async () => (await get('/api/drivers')).headers['x-cache'] === 'BYPASS');
    expect(Date.now() - started).toBeLessThan(10_000);
    // Writes still succeed while Redis is down.
    const driver = JSON.parse((await get('/api/drivers?limit=1')).body.toString()).data[0];
    const write = await t.request('PATCH', `/api/drivers/${driver.id}`, { token, body: { phone: '+1-555-0777' } });
    expect(write.status).toBe(200);

    const health = await t.request('GET', '/api/health');
    expect(health.status).toBe(200);
    expect(health.body.info.cache.state).toBe('degraded');
    expect(health.body.info.database.status).toBe('up');

    await redis.restart();
    await waitFor(async () => (await get('/api/drivers?limit=1')).headers['x-cache'] !== 'BYPASS');
    const after = await get('/api/drivers?limit=1');
    expect(['MISS', 'HIT']).toContain(after.headers['x-cache']);
    expect(JSON.parse(after.body.toString()).data[0].phone).toBe('+1-555-0777');
    expect((await get('/api/drivers?limit=1')).headers['x-cache']).toBe('HIT');
    expect((await t.request('GET', '/api/health')).body.info.cache.state).toBe('up');
  });
});

describe('cache warming at start-up', () => {
  it('loads the shared lists first pages without holding start-up back', async () => {
    const t = await startTestApp({ CACHE_WARMUP: 'true' });
    try {
      const token = await t.login('dispatcher@freight.local');
      await waitFor(async () => (await rawRequest(t.baseUrl + '/api/routes', { authorization: `Bearer ${token}` })).headers['x-cache'] === 'HIT');
      for (const path of ['/api/loads', '/api/shipments', '/api/drivers']) {
        const warm = await rawRequest(t.baseUrl + path, { authorization: `Bearer ${token}` });
        expect(warm.headers['x-cache']).toBe('HIT');
        // Warmed after the demo data was seeded, so the entry is not an empty pre-seed list.
        expect(JSON.parse(warm.body.toString()).data.length).toBeGreaterThan(0);
      }
    } finally {
      await t.close();
    }
  });
});
