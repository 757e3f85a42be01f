import { createCluster } from 'redis';
import { RESPONSE_STORE, ResponseStore } from '../src/cache/stores/response-store';
import { rawRequest } from './helpers/raw-http';
import { startTestRedisCluster, TestRedisCluster } from './helpers/redis-cluster';
import { startTestApp, TestApp } from './helpers/test-app';

/** The response cache on a three-master Redis Cluster (REDIS_CLUSTER=true). */
describe('response cache on a Redis Cluster', () => {
  let cluster: TestRedisCluster;
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    cluster = await startTestRedisCluster();
    t = await startTestApp({ REDIS_URL: cluster.url, REDIS_CLUSTER: 'true' });
    token = await t.login('dispatcher@freight.local');
  });
  afterAll(async () => {
    await t?.close();
    await cluster?.stop();
  });

  const get = (path: string) => rawRequest(t.baseUrl + path, { authorization: `Bearer ${token}` });

  it('serves MISS then HIT, and a write clears what depends on it', async () => {
    const load = JSON.parse((await get('/api/loads?status=posted&limit=1')).body.toString()).data[0];
    expect((await get(`/api/loads/${load.id}`)).headers['x-cache']).toBe('MISS');
    expect((await get(`/api/loads/${load.id}`)).headers['x-cache']).toBe('HIT');
    expect((await get('/api/drivers')).headers['x-cache']).toBe('MISS');
    const write = await t.request('PATCH', `/api/loads/${load.id}`, { token, body: { rateCents: 777_000 } });
    expect(write.status).toBe(200);
    const after = await get(`/api/loads/${load.id}`);
    expect(after.headers['x-cache']).toBe('MISS');
    expect(JSON.parse(after.body.toString()).rateCents).toBe(777_000);
    expect((await get('/api/drivers')).headers['x-cache']).toBe('HIT');
    expect((await t.request('GET', '/api/health')).body.info.cache.state).toBe('up');
  });

  it('clears a pattern on every master (SCAN on each, UNLINK per slot)', async () => {
    const client = createCluster({ rootNodes: [{ url: cluster.url }] });
    await client.connect();
    try {
      // Keys with different hash tags spread over the three masters.
      const keys = Array.from({ length: 60 }, (_, i) => `scan-test:{tag${i}}:entry`);
      await Promise.all(keys.map((key) => client.set(key, 'x')));
      const perMaster = await Promise.all(client.masters.map(async (master) => (await client.nodeClient(master)).keys('scan-test:*')));
      expect(perMaster.filter((found) => found.length > 0).length).toBe(3);

      const removed = await t.app.get<ResponseStore>(RESPONSE_STORE).clearPattern('scan-test:*');
      expect(removed).toBe(60);
      const left = await Promise.all(keys.map((key) => client.exists(key)));
      expect(left.every((n) => n === 0)).toBe(true);
    } finally {
      await client.close();
    }
  });
});
