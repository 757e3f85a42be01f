import { createCluster } from 'redis';
import { dependencyKey } from '../src/cache/cache-dependency';
import { cachePattern, generationKey } from '../src/cache/cache-key';
import { RESPONSE_STORE, ResponseStore } from '../src/cache/stores/response-store';
import { DEMO_LOGINS } from '../src/database/seeding/demo-data';
import { rawRequest } from './helpers/raw-http';
import { newLoadBody } from './loads-fixtures';
import { startTestRedisCluster, TestRedisCluster } from './helpers/redis-cluster';
import { startTestApp, TestApp } from './helpers/test-app';

const PREFIX = 'freight';

const waitFor = async (what: string, check: () => Promise<boolean>, timeoutMs = 20_000) => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what}: not met within ${timeoutMs} ms`);
};

type Cluster = ReturnType<typeof createCluster>;

/** The master (host:port) holding a key's slot, as the cluster reports it. */
async function masterOf(client: Cluster, key: string): Promise<string> {
  const slot = Number(await client.sendCommand(key, true, ['CLUSTER', 'KEYSLOT', key]));
  const master = client.getSlotMaster(slot);
  return `${master.host}:${master.port}`;
}

/** The response cache on a three-master Redis Cluster (REDIS_CLUSTER=true), two instances. */
describe('response cache on a Redis Cluster', () => {
  let cluster: TestRedisCluster;
  let client: Cluster;
  let a: TestApp;
  let b: TestApp;
  let token: string;

  beforeAll(async () => {
    cluster = await startTestRedisCluster();
    client = createCluster({ rootNodes: [{ url: cluster.url }] });
    await client.connect();
    // Short bounds so a frozen master fails an invalidation quickly (the outbox case).
    const env = { REDIS_URL: cluster.url, REDIS_CLUSTER: 'true', REDIS_COMMAND_TIMEOUT_MS: '500', CACHE_INVALIDATION_WAIT_MS: '600' };
    a = await startTestApp(env);
    b = await startTestApp(env, { databaseUrl: a.databaseUrl, seed: false });
    token = await a.login('dispatcher@freight.local');
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await client?.close();
    await cluster?.stop();
  });

  const get = (app: TestApp, path: string, bearer = token) => rawRequest(app.baseUrl + path, { authorization: `Bearer ${bearer}` });
  const json = async (app: TestApp, path: string) => JSON.parse((await get(app, path)).body.toString());
  const pending = async () =>
    Number((await a.dataSource.query<Array<{ n: number }>>('SELECT count(*)::int AS n FROM cache_invalidation_outbox'))[0].n);

  it('serves MISS then HIT, and a write clears what depends on it', async () => {
    const load = (await json(a, '/api/loads?status=posted&limit=1')).data[0];
    expect((await get(a, `/api/loads/${load.id}`)).headers['x-cache']).toBe('MISS');
    expect((await get(a, `/api/loads/${load.id}`)).headers['x-cache']).toBe('HIT');
    expect((await get(a, '/api/drivers')).headers['x-cache']).toBe('MISS');
    const write = await a.request('PATCH', `/api/loads/${load.id}`, { token, body: { rateCents: 777_000 } });
    expect(write.status).toBe(200);
    const after = await get(a, `/api/loads/${load.id}`);
    expect(after.headers['x-cache']).toBe('MISS');
    expect(JSON.parse(after.body.toString()).rateCents).toBe(777_000);
    expect((await get(a, '/api/drivers')).headers['x-cache']).toBe('HIT');
    expect((await a.request('GET', '/api/health')).body.info.cache.state).toBe('up');
  });

  it('spreads the cache over the masters: no master holds more than half of its keys', async () => {
    // A realistic mix: every load's detail (the demo data's and 60 more: with ~200 keys over
    // three masters, one holding more than half is a >5 sigma event), lists of several
    // statuses, every driver, route plans, and each demo user's profile, notifications and
    // analytics.
    for (let i = 0; i < 60; i++)
      expect((await a.request('POST', '/api/loads', { token, body: newLoadBody({ rateCents: 100_000 + i }) })).status).toBe(201);
    const loads: Array<{ id: string }> = [];
    for (let cursor: string | null = ''; cursor !== null;) {
      const page = await json(a, `/api/loads?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      loads.push(...page.data);
      cursor = page.nextCursor;
    }
    const drivers = (await json(a, '/api/drivers?limit=100')).data as Array<{ id: string }>;
    const routes = (await json(a, '/api/routes?limit=100')).data as Array<{ id: string }>;
    const paths = [
      ...loads.map((load) => `/api/loads/${load.id}`),
      ...drivers.map((driver) => `/api/drivers/${driver.id}`),
      ...routes.map((route) => `/api/routes/${route.id}`),
      ...['posted', 'assigned', 'in_transit', 'delivered', 'cancelled', 'posted,assigned', 'assigned,in_transit'].flatMap((status) =>
        [5, 20].map((limit) => `/api/loads?status=${status}&limit=${limit}`),
      ),
      ...drivers.slice(0, 5).map((driver) => `/api/loads?driverId=${driver.id}`),
      '/api/drivers?isAvailable=true',
      '/api/drivers?isAvailable=false',
    ];
    for (const path of paths) expect((await get(a, path)).status).toBe(200);
    for (const { email } of DEMO_LOGINS) {
      const userToken = await a.login(email);
      for (const path of ['/api/profile', '/api/notifications', '/api/analytics']) expect((await get(a, path, userToken)).status).toBe(200);
    }

    const perMaster = new Map<string, number>();
    for (const master of client.masters) {
      let count = 0;
      const node = await client.nodeClient(master);
      for await (const keys of node.scanIterator({ MATCH: cachePattern(PREFIX), COUNT: 1000 })) count += keys.length;
      perMaster.set(`${master.host}:${master.port}`, count);
    }
    const total = [...perMaster.values()].reduce((sum, n) => sum + n, 0);
    // Printed for BENCHMARKS.md ("per-master key counts on the cluster"), not a timing.
    console.log(
      `cache keys per master after ${paths.length + 3 * DEMO_LOGINS.length} routes: ${JSON.stringify(Object.fromEntries(perMaster))}, total ${total}`,
    );
    expect(perMaster.size).toBe(3);
    expect(total).toBeGreaterThan(2 * paths.length);
    for (const count of perMaster.values()) expect(count).toBeLessThanOrEqual(total / 2);
  });

  it('a write through one instance is seen at once by the other, for an entry whose dependencies live in several slots', async () => {
    const load = (await json(a, '/api/loads?status=posted&limit=1')).data[0] as { id: string; rateCents: number };
    // Two dependencies, loads-status:assigned (the entry's slot) and loads-status:posted (the
    // load's): the write moves only the second one.
    const list = '/api/loads?status=assigned,posted&limit=100';
    const detail = `/api/loads/${load.id}`;
    for (const path of [list, detail]) {
      await get(b, path);
      expect((await get(b, path)).headers['x-cache']).toBe('HIT');
    }
    for (let round = 1; round <= 5; round++) {
      const rateCents = 500_000 + round;
      expect((await a.request('PATCH', detail, { token, body: { rateCents } })).status).toBe(200);
      const listed = (await json(b, list)).data.find((l: { id: string }) => l.id === load.id);
      expect(listed.rateCents).toBe(rateCents);
      expect((await json(b, detail)).rateCents).toBe(rateCents);
    }
    expect((await get(b, list)).headers['x-cache']).toBe('HIT');
  });

  it('an evicted generation, in the entry slot or another one, only causes a miss', async () => {
    const load = (await json(a, '/api/loads?status=posted&limit=1')).data[0] as { id: string };
    const detail = `/api/loads/${load.id}`;
    const list = '/api/loads?status=delivered,posted&limit=3';
    for (const path of [detail, list]) {
      await get(a, path);
      expect((await get(a, path)).headers['x-cache']).toBe('HIT');
    }
    // What allkeys-lru may do: drop a generation and keep the hot entry. For the list, the
    // dropped one (loads-status:posted) is not the entry's first dependency.
    await client.del(generationKey(PREFIX, dependencyKey('load', load.id)));
    await client.del(generationKey(PREFIX, dependencyKey('loads-status', 'posted')));
    for (const path of [detail, list]) {
      expect((await get(a, path)).headers['x-cache']).toBe('MISS');
      expect((await get(b, path)).headers['x-cache']).toBe('HIT');
    }
  });

  it('an invalidation that fails on one master is left in the outbox and applied before the cache is used again', async () => {
    const load = (await json(a, '/api/loads?status=posted&limit=1')).data[0] as { id: string };
    const detail = `/api/loads/${load.id}`;
    await get(a, detail);
    expect((await get(a, detail)).headers['x-cache']).toBe('HIT');
    const master = await masterOf(client, generationKey(PREFIX, dependencyKey('load', load.id)));
    const port = Number(master.split(':')[1]);

    cluster.freeze(port);
    try {
      // The write's other generations move on the other masters; this one cannot.
      const write = await a.request('PATCH', detail, { token, body: { rateCents: 654_321 } });
      expect(write.status).toBe(200);
      expect(await pending()).toBeGreaterThanOrEqual(1);
      // The failed invalidation opened this instance's circuit: it reads from the database.
      const during = await get(a, detail);
      expect(during.headers['x-cache']).toBe('BYPASS');
      expect(JSON.parse(during.body.toString()).rateCents).toBe(654_321);
    } finally {
      cluster.thaw(port);
    }
    // From here on every read shows the write; the first HIT comes once the outbox is applied
    // (the entry written before the freeze is still on the frozen master).
    for (const app of [a, b]) {
      await waitFor('the cache is used again', async () => {
        const read = await get(app, detail);
        expect(JSON.parse(read.body.toString()).rateCents).toBe(654_321);
        return read.headers['x-cache'] === 'HIT';
      });
    }
    expect(await pending()).toBe(0);
    expect((await a.request('GET', '/api/health')).body.info.cache).toMatchObject({ state: 'up', circuit: 'closed' });
  });

  it('clears a pattern on every master (SCAN on each, UNLINK per slot)', async () => {
    // Keys with different hash tags spread over the three masters.
    const keys = Array.from({ length: 60 }, (_, i) => `scan-test:{tag${i}}:entry`);
    await Promise.all(keys.map((key) => client.set(key, 'x')));
    const perMaster = await Promise.all(client.masters.map(async (master) => (await client.nodeClient(master)).keys('scan-test:*')));
    expect(perMaster.filter((found) => found.length > 0).length).toBe(3);

    const removed = await a.app.get<ResponseStore>(RESPONSE_STORE).clearPattern('scan-test:*');
    expect(removed).toBe(60);
    const left = await Promise.all(keys.map((key) => client.exists(key)));
    expect(left.every((n) => n === 0)).toBe(true);
  });
});
