/**
 * `npm run bench:store-lookup` (N=40000 lookups per row by default; CLUSTER=1 adds a
 * three-master Redis Cluster): the cost of one cache hit through RedisResponseStore.lookup
 * itself, the store code the app runs, on a ~13 KB entry with one dependency (a load detail),
 * with three (a list of three statuses) and with a page 2's created_at range dependencies. Rows
 * alternate, three times each, so a noisy machine shows up as a spread rather than a bias. Run it
 * at two commits to compare them.
 */
import { createHash } from 'node:crypto';
import { buildCacheKey, KeyParts } from '../src/cache/cache-key';
import { buildCachedResponse } from '../src/cache/cached-response';
import { encodeCursor } from '../src/common/cursor';
import { loadListMembership } from '../src/loads/loads.cache';
import { RedisResponseStore } from '../src/cache/stores/redis-response-store';
import { startTestRedis } from '../test/helpers/redis';
import { startTestRedisCluster } from '../test/helpers/redis-cluster';

const N = Number(process.env.N ?? 40_000);
const PREFIX = 'bench';

interface Case {
  name: string;
  key: string;
  dependencies: string[];
}

function caseOf(name: string, route: string, dependencies: string[], params: Record<string, string>): Case {
  // `dependency` names the entry's slot since the cluster layout; older key builders ignore it.
  const parts = { prefix: PREFIX, route, scope: 'shared', params, query: {}, dependency: dependencies[0] } as KeyParts;
  return { name, key: buildCacheKey(parts), dependencies };
}

/** A page 2 of status=posted two days back: its created_at range dependencies (loads.cache.ts). */
const PAGE_2 = loadListMembership.resolve({
  status: 'posted',
  cursor: encodeCursor({ createdAt: new Date(Date.now() - 2 * 24 * 3_600_000), id: '6f1c1f3e-8a43-4c4e-9c57-1d2f0a7b1e01' }),
});

const CASES: Case[] = [
  caseOf('1 dependency (load detail)', '/api/loads/:id', ['load:1'], { id: '1' }),
  caseOf('3 dependencies (3-status list)', '/api/loads', ['loads-status:posted', 'loads-status:assigned', 'loads-status:in_transit'], {}),
  caseOf(`${PAGE_2.length} dependencies (page 2, created_at ranges)`, '/api/loads', PAGE_2, { page: '2' }),
];

async function measure(store: RedisResponseStore, c: Case, concurrency: number): Promise<{ opsPerS: number; nodeUsPerOp: number }> {
  let left = N;
  const worker = async () => {
    while (left-- > 0) {
      const lookup = await store.lookup(c.key, c.dependencies);
      if (!lookup.entry) throw new Error(`${c.name}: not a hit`);
    }
  };
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const used = process.cpuUsage(cpu);
  return { opsPerS: Math.round(N / seconds), nodeUsPerOp: +((used.user + used.system) / N).toFixed(1) };
}

async function run(target: string, url: string, cluster: boolean): Promise<void> {
  const store = new RedisResponseStore({
    url,
    cluster,
    prefix: PREFIX,
    commandTimeoutMs: 5_000,
    connectTimeoutMs: 5_000,
    invalidationTimeoutMs: 5_000,
  });
  await store.connect();
  const body = Buffer.from(JSON.stringify({ data: createHash('sha512').update('x').digest('base64').repeat(150).slice(0, 12_880) }));
  try {
    for (const c of CASES) {
      const lookup = await store.lookup(c.key, c.dependencies);
      if (lookup.entry || !(await store.store(c.key, buildCachedResponse(body, 600_000), 600_000, c.dependencies, lookup.generations))) {
        throw new Error(`${c.name}: could not store the entry`);
      }
    }
    // Warm-up: JIT, connection buffers.
    for (const c of CASES) await measure(store, c, 10);
    for (const concurrency of [10, 100]) {
      for (const rep of [1, 2, 3]) {
        for (const c of CASES) {
          const row = { target, case: c.name, concurrency, rep, ...(await measure(store, c, concurrency)) };
          console.log(JSON.stringify(row));
        }
      }
    }
  } finally {
    await store.close();
  }
}

async function main(): Promise<void> {
  const redis = await startTestRedis();
  try {
    await run('single node', redis.url, false);
  } finally {
    await redis.stop();
  }
  if (process.env.CLUSTER === '1') {
    const cluster = await startTestRedisCluster();
    try {
      await run('cluster (3 masters)', cluster.url, true);
    } finally {
      await cluster.stop();
    }
  }
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
