import { createClient } from 'redis';
import { buildCacheKey, dependencyKeys } from '../src/cache/cache-key';
import { buildCachedResponse } from '../src/cache/cached-response';
import { RedisResponseStore } from '../src/cache/stores/redis-response-store';
import { startTestRedis, TestRedis } from './helpers/redis';

// The store unlinks a dependency's entries in batches from the client (so a big dependency
// does not block Redis); these check that nothing is left behind, whatever the count.
describe('RedisResponseStore invalidation in batches (real Redis)', () => {
  const prefix = 'batchtest';
  let redis: TestRedis;
  let store: RedisResponseStore;
  let raw: ReturnType<typeof createClient>;

  beforeAll(async () => {
    redis = await startTestRedis();
    store = new RedisResponseStore({ url: redis.url, prefix, commandTimeoutMs: 5_000, connectTimeoutMs: 2_000 });
    await store.connect();
    while (!store.isReady()) await new Promise((r) => setTimeout(r, 10));
    raw = createClient({ url: redis.url });
    await raw.connect();
  });
  afterAll(async () => {
    await raw?.close();
    await store?.close();
    await redis?.stop();
  });

  const keyFor = (i: number) => buildCacheKey({ prefix, route: '/api/loads', scope: 'shared', params: {}, query: { page: String(i) } });

  async function storeEntries(count: number, dependency: string): Promise<string[]> {
    const snapshot = await store.snapshot([dependency]);
    const entry = buildCachedResponse(Buffer.from('{"items":[]}'), 60_000);
    const keys = Array.from({ length: count }, (_, i) => keyFor(i));
    await Promise.all(keys.map((key) => store.set(key, entry, 60_000, [dependency], snapshot)));
    return keys;
  }

  it('removes every entry of a dependency spanning several batches, and only those', async () => {
    const keys = await storeEntries(1_234, 'loads');
    const other = buildCacheKey({ prefix, route: '/api/drivers', scope: 'shared', params: {}, query: {} });
    await store.set(other, buildCachedResponse(Buffer.from('{}'), 60_000), 60_000, ['drivers'], await store.snapshot(['drivers']));

    expect(await store.invalidate(['loads'])).toBe(1_234);

    expect(await raw.exists(keys)).toBe(0);
    expect(await store.get(other)).not.toBeNull();
    const { members } = dependencyKeys(prefix, 'loads');
    expect(await raw.exists([members, `${members}:draining`])).toBe(0);
  });

  it('finishes an invalidation a lost client left half done', async () => {
    const keys = await storeEntries(700, 'loads');
    const { members } = dependencyKeys(prefix, 'loads');
    // As if a client had moved the members aside and died before unlinking them all.
    await raw.rename(members, `${members}:draining`);
    const later = await storeEntries(3, 'loads');

    await store.invalidate(['loads']);

    expect(await raw.exists([...keys, ...later])).toBe(0);
  });

  it('refuses entries read before the invalidation, as before', async () => {
    const snapshot = await store.snapshot(['loads']);
    await store.invalidate(['loads']);
    const stored = await store.set(keyFor(1), buildCachedResponse(Buffer.from('{}'), 60_000), 60_000, ['loads'], snapshot);
    expect(stored).toBe(false);
    expect(await store.get(keyFor(1))).toBeNull();
  });
});
