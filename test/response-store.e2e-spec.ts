import { createClient, createCluster } from 'redis';
import { buildCacheKey, generationKey, routePattern } from '../src/cache/cache-key';
import { buildCachedResponse } from '../src/cache/cached-response';
import { MemoryResponseStore } from '../src/cache/stores/memory-response-store';
import { RedisResponseStore } from '../src/cache/stores/redis-response-store';
import type { ResponseStore } from '../src/cache/stores/response-store';
import { startTestRedis, TestRedis } from './helpers/redis';
import { startTestRedisCluster, TestRedisCluster } from './helpers/redis-cluster';

const prefix = 'storetest';
/** Entry i of a list, tagged by its first dependency as the interceptor builds it. */
const keyFor = (i: number, dependencies: string[] = []) =>
  buildCacheKey({ prefix, route: '/api/loads', scope: 'shared', params: {}, query: { page: String(i) }, dependency: dependencies[0] });
const body = (text: string) => buildCachedResponse(Buffer.from(JSON.stringify({ text })), 60_000);

async function fill(store: ResponseStore, i: number, dependencies: string[], text: string): Promise<boolean> {
  const key = keyFor(i, dependencies);
  const lookup = await store.lookup(key, dependencies);
  if (lookup.entry) throw new Error(`${key} was already cached`);
  return store.store(key, body(text), 60_000, dependencies, lookup.generations);
}

async function read(store: ResponseStore, i: number, dependencies: string[]): Promise<string | null> {
  const lookup = await store.lookup(keyFor(i, dependencies), dependencies);
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
      expect(await fill(store, 1, ['loads', 'load:1'], 'one')).toBe(true);
      expect(await read(store, 1, ['loads', 'load:1'])).toBe('one');
    });

    it('an invalidation turns every entry of the dependency into a miss, and only those', async () => {
      await fill(store, 2, ['loads'], 'two');
      await fill(store, 3, ['drivers'], 'three');
      await store.invalidate(['loads']);
      expect(await read(store, 2, ['loads'])).toBeNull();
      expect(await read(store, 3, ['drivers'])).toBe('three');
    });

    it('refuses to store a result read before an invalidation (the write-back race)', async () => {
      const lookup = await store.lookup(keyFor(4, ['loads']), ['loads']);
      expect(lookup.entry).toBeNull();
      await store.invalidate(['loads']);
      if (lookup.entry) return;
      expect(await store.store(keyFor(4, ['loads']), body('old'), 60_000, ['loads'], lookup.generations)).toBe(false);
      expect(await read(store, 4, ['loads'])).toBeNull();
    });

    it('an entry with several dependencies is a miss once any one of them moves', async () => {
      const dependencies = ['loads-status:posted', 'loads-status:assigned', 'load:3'];
      for (const [n, moved] of dependencies.entries()) {
        expect(await fill(store, 70 + n, dependencies, `before ${moved}`)).toBe(true);
        expect(await read(store, 70 + n, dependencies)).toBe(`before ${moved}`);
        await store.invalidate([moved]);
        expect(await read(store, 70 + n, dependencies)).toBeNull();
      }
    });

    it('refuses a write-back when a dependency other than the first moved meanwhile', async () => {
      const dependencies = ['loads-status:posted', 'loads-status:delivered'];
      const lookup = await store.lookup(keyFor(8, dependencies), dependencies);
      expect(lookup.entry).toBeNull();
      await store.invalidate(['loads-status:delivered']);
      if (lookup.entry) return;
      expect(await store.store(keyFor(8, dependencies), body('old'), 60_000, dependencies, lookup.generations)).toBe(false);
      expect(await read(store, 8, dependencies)).toBeNull();
    });

    it('a route with no dependency still caches', async () => {
      expect(await fill(store, 5, [], 'five')).toBe(true);
      expect(await read(store, 5, [])).toBe('five');
    });

    it('clears by key pattern', async () => {
      await fill(store, 6, ['other'], 'six');
      expect(await store.clearPattern(routePattern(prefix, '/api/loads'))).toBeGreaterThanOrEqual(1);
      expect(await read(store, 6, ['other'])).toBeNull();
    });
  });
}

/** Direct access to the test's Redis, a single server or every master of a cluster. */
interface RawRedis {
  del(key: string): Promise<unknown>;
  exists(key: string): Promise<number>;
  /** MGET calls and commands processed, summed over every master. */
  stats(): Promise<{ mget: number; processed: number }>;
  /** How many servers stats() asks (each counts its own INFO). */
  servers: number;
  close(): Promise<void>;
}

function statsOf(info: string): { mget: number; processed: number } {
  return {
    mget: Number(/cmdstat_mget:calls=(\d+)/.exec(info)?.[1] ?? 0),
    processed: Number(/total_commands_processed:(\d+)/.exec(info)?.[1]),
  };
}

function sum(all: Array<{ mget: number; processed: number }>): { mget: number; processed: number } {
  return all.reduce((a, b) => ({ mget: a.mget + b.mget, processed: a.processed + b.processed }), { mget: 0, processed: 0 });
}

async function rawSingle(url: string): Promise<RawRedis> {
  const client = createClient({ url });
  await client.connect();
  return {
    del: (key) => client.del(key),
    exists: (key) => client.exists(key),
    stats: async () => statsOf(await client.info('all')),
    servers: 1,
    close: () => client.close(),
  };
}

type Cluster = ReturnType<typeof createCluster>;

async function rawCluster(client: Cluster): Promise<RawRedis> {
  return {
    del: (key) => client.del(key),
    exists: (key) => client.exists(key),
    stats: async () => sum(await Promise.all(client.masters.map(async (master) => statsOf(await (await client.nodeClient(master)).info('all'))))),
    servers: client.masters.length,
    close: async () => undefined,
  };
}

/** The Redis store's contract and its lost-bookkeeping cases, on one server or on a cluster. */
function redisSuite(
  name: string,
  setup: () => Promise<{ url: string; cluster: boolean; raw: () => Promise<RawRedis>; stop: () => Promise<void> }>,
): void {
  describe(name, () => {
    let target: Awaited<ReturnType<typeof setup>>;
    const open: RedisResponseStore[] = [];
    const makeStore = async (): Promise<RedisResponseStore> => {
      const store = new RedisResponseStore({
        url: target.url,
        cluster: target.cluster,
        prefix,
        commandTimeoutMs: 5_000,
        connectTimeoutMs: 2_000,
        invalidationTimeoutMs: 5_000,
      });
      open.push(store);
      await store.connect();
      return store;
    };
    beforeAll(async () => {
      target = await setup();
    });
    afterAll(async () => {
      await Promise.all(open.map((store) => store.close()));
      await target?.stop();
    });

    contract('Redis', async () => ({ store: await makeStore(), close: async () => undefined }));

    describe('lost bookkeeping can only cause a miss', () => {
      let store: RedisResponseStore;
      let raw: RawRedis;
      beforeAll(async () => {
        store = await makeStore();
        raw = await target.raw();
      });
      afterAll(() => raw.close());

      it('an evicted generation never validates an entry built from the one that was lost', async () => {
        await fill(store, 10, ['driver:7'], 'before');
        // What allkeys-lru may do under maxmemory: drop the generation, keep the hot entry.
        await raw.del(generationKey(prefix, 'driver:7'));
        expect(await read(store, 10, ['driver:7'])).toBeNull();
        // The lookup made a fresh generation; the next fill and hit work again.
        expect(await fill(store, 10, ['driver:7'], 'after')).toBe(true);
        expect(await read(store, 10, ['driver:7'])).toBe('after');
      });

      it('an evicted generation other than the first (another slot on a cluster) also only causes a miss', async () => {
        const dependencies = ['driver:8', 'drivers-available:true'];
        await fill(store, 14, dependencies, 'before');
        await raw.del(generationKey(prefix, 'drivers-available:true'));
        expect(await read(store, 14, dependencies)).toBeNull();
        expect(await fill(store, 14, dependencies, 'after')).toBe(true);
        expect(await read(store, 14, dependencies)).toBe('after');
      });

      it('two instances never agree on a remade generation', async () => {
        const other = await makeStore();
        await fill(store, 11, ['load:9'], 'a');
        await raw.del(generationKey(prefix, 'load:9'));
        // The other instance remakes the generation; the entry built before still misses.
        expect(await read(other, 11, ['load:9'])).toBeNull();
        expect(await read(store, 11, ['load:9'])).toBeNull();
      });

      it('an entry that can never be valid again is removed on the spot', async () => {
        await fill(store, 12, ['routes'], 'x');
        await store.invalidate(['routes']);
        expect(await read(store, 12, ['routes'])).toBeNull();
        // Unlinked without waiting, so the lookup stays one round trip.
        const key = keyFor(12, ['routes']);
        for (let i = 0; i < 100 && (await raw.exists(key)) === 1; i++) await new Promise((r) => setTimeout(r, 20));
        expect(await raw.exists(key)).toBe(0);
      });

      it('a hit on an entry with one dependency is one round trip: one MGET of its generation and itself', async () => {
        await fill(store, 13, ['analytics'], 'y');
        const before = await raw.stats();
        expect(await read(store, 13, ['analytics'])).toBe('y');
        const after = await raw.stats();
        expect(after.mget - before.mget).toBe(1);
        // The MGET and the INFO (one per server) that read the counters: nothing else.
        expect(after.processed - before.processed).toBe(1 + raw.servers);
      });
    });
  });
}

redisSuite('RedisResponseStore (real redis-server)', async () => {
  const redis: TestRedis = await startTestRedis();
  return { url: redis.url, cluster: false, raw: () => rawSingle(redis.url), stop: () => redis.stop() };
});

describe('RedisResponseStore on a three-master Redis Cluster', () => {
  let cluster: TestRedisCluster;
  let client: Cluster;

  beforeAll(async () => {
    cluster = await startTestRedisCluster();
    client = createCluster({ rootNodes: [{ url: cluster.url }] });
    await client.connect();
  });
  afterAll(async () => {
    await client?.close();
    await cluster?.stop();
  });

  redisSuite('the same contract', async () => ({
    url: cluster.url,
    cluster: true,
    raw: () => rawCluster(client),
    stop: async () => undefined,
  }));

  describe('an entry whose generations live on different masters', () => {
    let store: RedisResponseStore;
    let other: RedisResponseStore;
    /** One load dependency per master, the entry on the first one's. */
    let dependencies: string[];
    const masterOf = async (key: string) => {
      const slot = Number(await client.sendCommand(key, true, ['CLUSTER', 'KEYSLOT', key]));
      return client.getSlotMaster(slot).id;
    };

    beforeAll(async () => {
      const make = async () => {
        const made = new RedisResponseStore({
          url: cluster.url,
          cluster: true,
          prefix,
          commandTimeoutMs: 5_000,
          connectTimeoutMs: 2_000,
          invalidationTimeoutMs: 5_000,
        });
        await made.connect();
        return made;
      };
      store = await make();
      other = await make();
      const byMaster = new Map<string, string>();
      for (let n = 0; byMaster.size < 3; n++) {
        const dependency = `load:spread-${n}`;
        const master = await masterOf(generationKey(prefix, dependency));
        if (!byMaster.has(master)) byMaster.set(master, dependency);
      }
      dependencies = [...byMaster.values()];
    });
    afterAll(async () => {
      await store?.close();
      await other?.close();
    });

    it('is stored with its first dependency and fetched from all three masters in one parallel round', async () => {
      expect(new Set(await Promise.all(dependencies.map((d) => masterOf(generationKey(prefix, d))))).size).toBe(3);
      expect(await masterOf(keyFor(20, dependencies))).toBe(await masterOf(generationKey(prefix, dependencies[0])));
      expect(await fill(store, 20, dependencies, 'spread')).toBe(true);
      const raw = await rawCluster(client);
      const before = await raw.stats();
      expect(await read(store, 20, dependencies)).toBe('spread');
      const after = await raw.stats();
      // One MGET per master (entry with its first generation; each other generation), nothing else.
      expect(after.mget - before.mget).toBe(3);
      expect(after.processed - before.processed).toBe(3 + raw.servers);
    });

    it('a write through another instance that moves the generation on any master turns it into a miss', async () => {
      for (const [n, moved] of dependencies.entries()) {
        expect(await fill(store, 21 + n, dependencies, 'before')).toBe(true);
        await other.invalidate([moved]);
        expect(await read(store, 21 + n, dependencies)).toBeNull();
      }
    });

    it("one invalidation moves all of a write's generations, on every master", async () => {
      expect(await fill(store, 25, [dependencies[1]], 'b')).toBe(true);
      expect(await fill(store, 26, [dependencies[2]], 'c')).toBe(true);
      expect(await fill(store, 27, [dependencies[0]], 'a')).toBe(true);
      await other.invalidate(dependencies);
      expect(await read(store, 25, [dependencies[1]])).toBeNull();
      expect(await read(store, 26, [dependencies[2]])).toBeNull();
      expect(await read(store, 27, [dependencies[0]])).toBeNull();
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
