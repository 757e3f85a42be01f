/**
 * `npm run bench:invalidation` (N=20000 invalidations per row by default; CLUSTER=1 adds a
 * three-master Redis Cluster): the cost of one write's invalidation through
 * RedisResponseStore.invalidate, the store code the app runs, for a load move (posted ->
 * assigned) with the dependencies of the whole-status lists only (before range dependencies:
 * the load, loads-status:any|posted|assigned, the driver) and with the created_at range
 * dependencies too (loads.cache.ts: 22 intervals more per status). Concurrency 1 is the latency
 * a write's response waits for; 10 is the throughput under concurrent writers. Rows alternate,
 * three times each, so a noisy machine shows as a spread rather than a bias.
 */
import { randomUUID } from 'node:crypto';
import { RedisResponseStore } from '../src/cache/stores/redis-response-store';
import { LoadStatus } from '../src/loads/load-status';
import { loadsInvalidations } from '../src/loads/loads.cache';
import { startTestRedis } from '../test/helpers/redis';
import { startTestRedisCluster } from '../test/helpers/redis-cluster';

const N = Number(process.env.N ?? 20_000);
const PREFIX = 'bench';

interface Case {
  name: string;
  dependencies: () => string[];
}

const driverId = randomUUID();
const moveOf = (loadId: string) =>
  loadsInvalidations['load.assigned']!({
    loadId,
    reference: 'FRT-1',
    createdById: driverId,
    status: LoadStatus.Assigned,
    previousStatus: LoadStatus.Posted,
    driverId,
    createdAt: new Date(),
    driverUserId: driverId,
    driverAvailabilityChanged: true,
    actorUserId: driverId,
  });
const RANGE_DEPENDENCY = /^loads-status:[^:]+:/;

const CASES: Case[] = [
  {
    name: 'move, whole-status lists only (5 dependencies)',
    dependencies: () => moveOf(randomUUID()).filter((d) => !RANGE_DEPENDENCY.test(d)),
  },
  { name: 'move, with created_at ranges (71 dependencies)', dependencies: () => moveOf(randomUUID()) },
];

async function measure(store: RedisResponseStore, c: Case, concurrency: number): Promise<{ opsPerS: number; usPerOp: number; nodeUsPerOp: number }> {
  let left = N;
  // Distinct loads, as real writes are; the status and range dependencies repeat, as they do.
  const sets = Array.from({ length: 64 }, () => c.dependencies());
  const worker = async () => {
    while (left-- > 0) await store.invalidate(sets[left % sets.length]);
  };
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const used = process.cpuUsage(cpu);
  return {
    opsPerS: Math.round(N / seconds),
    usPerOp: +((seconds * 1e6 * concurrency) / N).toFixed(1),
    nodeUsPerOp: +((used.user + used.system) / N).toFixed(1),
  };
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
  try {
    for (const c of CASES) console.error(`${c.name}: ${c.dependencies().length} dependencies`);
    // Warm-up: JIT, connection buffers, script cache.
    for (const c of CASES) await measure(store, c, 10);
    for (const concurrency of [1, 10]) {
      for (const rep of [1, 2, 3]) {
        for (const c of CASES) console.log(JSON.stringify({ target, case: c.name, concurrency, rep, ...(await measure(store, c, concurrency)) }));
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
