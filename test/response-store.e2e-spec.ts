import { createClient } from 'redis';
import { buildCacheKey, generationKey, routePattern } from '../src/cache/cache-key';
import { buildCachedResponse } from '../src/cache/cached-response';
import { MemoryResponseStore } from '../src/cache/stores/memory-response-store';
import { RedisResponseStore } from '../src/cache/stores/redis-response-store';
import type { ResponseStore } from '../src/cache/stores/response-store';
import { startTestRedis, TestRedis } from './helpers/redis';

const prefix = 'storetest';
const keyFor = (i: number) => buildCacheKey({ prefix, route: '/api/loads', scope: 'shared', params: {}, query: { page: String(i) } });
const body = (text: string) => buildCachedResponse(Buffer.from(JSON.stringify({ text })), 60_000);

async function fill(store: ResponseStore, key: string, dependencies: string[], text: string): Promise<boolean> {
  const lookup = await store.lookup(key, dependencies);
  if (lookup.entry) throw new Error(`${key} was already cached`);
  return store.store(key, body(text), 60_000, dependencies, lookup.generations);
}

async function read(store: ResponseStore, key: string, dependencies: string[]): Promise<string | null> {
  const lookup = await store.lookup(key, dependencies);
  return lookup.entry ? (JSON.parse(lookup.entry.body.toString()) as { text: string }).text : null;
}

/** The contract both stores keep: entries are served only while their generations are current. */
function contract(name: string, make: () => Promise<{ store: ResponseStore; close: () => Promise<void> }>): void {
  describe(`${name}: validated entries`, () => {
    let store: ResponseStore;
    let close: () => Promise<void>;
    beforeAll(async () => ({ store, close } = await make()));
    afterAll(() => close());

    it('a miss, a store, then a hit', async () => {
      expect(await fill(store, keyFor(1), ['loads', 'load:1'], 'one')).toBe(true);
      expect(await read(store, keyFor(1), ['loads', 'load:1'])).toBe('one');
    });

    it('an invalidation turns every entry of the dependency into a miss, and only those', async () => {
      await fill(store, keyFor(2), ['loads'], 'two');
      await fill(store, keyFor(3), ['drivers'], 'three');
      await store.invalidate(['loads']);
      expect(await read(store, keyFor(2), ['loads'])).toBeNull();
      expect(await read(store, keyFor(3), ['drivers'])).toBe('three');
    });

    it('refuses to store a result read before an invalidation (the write-back race)', async () => {
      const lookup = await store.lookup(keyFor(4), ['loads']);
      expect(lookup.entry).toBeNull();
      await store.invalidate(['loads']);
      if (lookup.entry) return;
      expect(await store.store(keyFor(4), body('old'), 60_000, ['loads'], lookup.generations)).toBe(false);
      expect(await read(store, keyFor(4), ['loads'])).toBeNull();
    });

    it('a route with no dependency still caches', async () => {
      expect(await fill(store, keyFor(5), [], 'five')).toBe(true);
      expect(await read(store, keyFor(5), [])).toBe('five');
    });

    it('clears by key pattern', async () => {
      await fill(store, keyFor(6), ['other'], 'six');
      expect(await store.clearPattern(routePattern(prefix, '/api/loads'))).toBeGreaterThanOrEqual(1);
      expect(await read(store, keyFor(6), ['other'])).toBeNull();
    });
  });
}

describe('RedisResponseStore (real redis-server)', () => {
  let redis: TestRedis;
  const open: RedisResponseStore[] = [];
  const makeStore = async (): Promise<RedisResponseStore> => {
    const store = new RedisResponseStore({ url: redis.url, prefix, commandTimeoutMs: 5_000, connectTimeoutMs: 2_000, invalidationTimeoutMs: 5_000 });
    open.push(store);
    await store.connect();
    return store;
  };
  beforeAll(async () => {
    redis = await startTestRedis();
  });
  afterAll(async () => {
    await Promise.all(open.map((store) => store.close()));
    await redis?.stop();
  });

  contract('Redis', async () => ({ store: await makeStore(), close: async () => undefined }));

  describe('lost bookkeeping can only cause a miss', () => {
    let store: RedisResponseStore;
    let raw: ReturnType<typeof createClient>;
    beforeAll(async () => {
      store = await makeStore();
      raw = createClient({ url: redis.url });
      await raw.connect();
    });
    afterAll(() => raw.close());

    it('an evicted generation never validates an entry built from the one that was lost', async () => {
      await fill(store, keyFor(10), ['driver:7'], 'before');
      // What allkeys-lru may do under maxmemory: drop the generation, keep the hot entry.
      await raw.del(generationKey(prefix, 'driver:7'));
      expect(await read(store, keyFor(10), ['driver:7'])).toBeNull();
      // The lookup made a fresh generation; the next fill and hit work again.
      expect(await fill(store, keyFor(10), ['driver:7'], 'after')).toBe(true);
      expect(await read(store, keyFor(10), ['driver:7'])).toBe('after');
    });

    it('two instances never agree on a remade generation', async () => {
      const other = await makeStore();
      await fill(store, keyFor(11), ['load:9'], 'a');
      await raw.del(generationKey(prefix, 'load:9'));
      // The other instance remakes the generation; the entry built before still misses.
      expect(await read(other, keyFor(11), ['load:9'])).toBeNull();
      expect(await read(store, keyFor(11), ['load:9'])).toBeNull();
    });

    it('an entry that can never be valid again is removed on the spot', async () => {
      await fill(store, keyFor(12), ['routes'], 'x');
      await store.invalidate(['routes']);
      expect(await read(store, keyFor(12), ['routes'])).toBeNull();
      // Unlinked without waiting, so the lookup stays one round trip.
      for (let i = 0; i < 100 && (await raw.exists(keyFor(12))) === 1; i++) await new Promise((r) => setTimeout(r, 20));
      expect(await raw.exists(keyFor(12))).toBe(0);
    });

    it('a hit is one round trip: one MGET of the generations and the entry', async () => {
      await fill(store, keyFor(13), ['loads', 'analytics'], 'y');
      const stats = async () => {
        const info = await raw.info('all');
        return {
          mget: Number(/cmdstat_mget:calls=(\d+)/.exec(info)?.[1] ?? 0),
          processed: Number(/total_commands_processed:(\d+)/.exec(info)?.[1]),
        };
      };
      const before = await stats();
      expect(await read(store, keyFor(13), ['loads', 'analytics'])).toBe('y');
      const after = await stats();
      expect(after.mget - before.mget).toBe(1);
      // The MGET and the INFO that reads the counter: no other command reached Redis.
      expect(after.processed - before.processed).toBe(2);
    });
  });
});

describe('MemoryResponseStore', () => {
  contract('in process', async () => {
    const store = new MemoryResponseStore(64 * 1024 * 1024);
    return { store, close: () => store.close() };
  });

  it('stays under its byte bound under a flood of distinct keys, evicting the least recently used', async () => {
    const maxBytes = 2 * 1024 * 1024;
    const store = new MemoryResponseStore(maxBytes);
    const big = buildCachedResponse(Buffer.alloc(62 * 1024, 'x'), 60_000);
    let peak = 0;
    for (let i = 0; i < 2_000; i++) {
      const key = keyFor(100_000 + i);
      const lookup = await store.lookup(key, ['loads']);
      if (!lookup.entry) await store.store(key, big, 60_000, ['loads'], lookup.generations);
      peak = Math.max(peak, store.sizeBytes);
      if (i % 10 === 0) await store.lookup(keyFor(100_000), ['loads']); // keep one entry hot
    }
    expect(peak).toBeLessThanOrEqual(maxBytes);
    expect(store.size).toBeGreaterThan(10);
    expect((await store.lookup(keyFor(100_000), ['loads'])).entry).not.toBeNull();
    expect((await store.lookup(keyFor(100_001), ['loads'])).entry).toBeNull();
    await store.close();
  });

  it('sweeps expired entries, so memory comes back down without traffic', async () => {
    const store = new MemoryResponseStore(64 * 1024 * 1024);
    const lookup = await store.lookup(keyFor(1), []);
    if (lookup.entry) throw new Error('unexpected hit');
    await store.store(keyFor(1), buildCachedResponse(Buffer.alloc(10_000), 1_000), 1_000, [], lookup.generations);
    expect(store.sizeBytes).toBeGreaterThan(10_000);
    expect(store.sweep(Date.now() + 2_000)).toBe(1);
    expect(store.sizeBytes).toBe(0);
    await store.close();
  });
});
