import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient } from 'redis';
import { routePattern } from '../../src/cache/cache-key';
import { RedisResponseStore } from '../../src/cache/stores/redis-response-store';
import { fillLoadVariants } from './fill-entries';
import { LoadSummary, LoadTarget, runLoad } from './load';

type RawClient = ReturnType<typeof createClient>;

export interface ClearingResult {
  scenario: string;
  /** How long the clearing call took, as its caller waits for it. */
  clearMs: number | null;
  removed: number | null;
  keysBefore: number;
  keysAfter: number;
  /** The longest single command Redis ran meanwhile (SLOWLOG, threshold 1 ms), in ms. */
  redisLongestCommandMs: number;
  redisSlowCommands: number;
  load: LoadSummary;
}

export interface ClearingScenario {
  name: string;
  /** Null for the baseline: the same load with nothing cleared. */
  clear: ((tools: { store: RedisResponseStore; raw: RawClient }) => Promise<number>) | null;
}

export interface ClearingContext {
  redisUrl: string;
  prefix: string;
  /** The finished /api/loads body every filled entry carries. */
  body: Buffer;
  keys: number;
  durationS: number;
  /** A cached route of OTHER data, hit meanwhile. */
  target: LoadTarget;
  log: (line: string) => void;
}

export function defaultScenarios(prefix: string): ClearingScenario[] {
  return [
    { name: 'no clearing (baseline)', clear: null },
    {
      // One generation moves: the entries stay until a lookup unlinks one or its TTL ends,
      // but none is served again.
      name: "dependency: store.invalidate(['loads']) (one generation bump)",
      clear: async ({ store }) => {
        await store.invalidate(['loads']);
        return 0;
      },
    },
    {
      name: "pattern: store.clearPattern(routePattern('/api/loads')) (SCAN + UNLINK)",
      clear: ({ store }) => store.clearPattern(routePattern(prefix, '/api/loads')),
    },
  ];
}

async function loadKeyCount(client: RawClient, prefix: string): Promise<number> {
  let count = 0;
  let cursor = '0';
  do {
    const reply = await client.scan(cursor, { MATCH: routePattern(prefix, '/api/loads'), COUNT: 5000 });
    cursor = String(reply.cursor);
    count += reply.keys.length;
  } while (cursor !== '0');
  return count;
}

/**
 * For each scenario: fill `keys` entries under /api/loads, then put 10 connections on a
 * cached route of other data and, a third of the way in, clear. The worst latency of the
 * requests served meanwhile is compared with the same load and no clearing.
 */
export async function measureClearing(context: ClearingContext, scenarios: ClearingScenario[]): Promise<ClearingResult[]> {
  const raw = createClient({ url: context.redisUrl });
  await raw.connect();
  const store = new RedisResponseStore({
    url: context.redisUrl,
    prefix: context.prefix,
    commandTimeoutMs: 120_000,
    connectTimeoutMs: 5_000,
    invalidationTimeoutMs: 120_000,
  });
  await store.connect();
  for (let i = 0; i < 100 && !store.isReady(); i++) await sleep(20);
  if (!store.isReady()) throw new Error('the bench store did not become ready');
  await raw.configSet('slowlog-log-slower-than', '1000');
  await raw.configSet('slowlog-max-len', '1024');

  const results: ClearingResult[] = [];
  try {
    for (const scenario of scenarios) {
      context.log(`clearing: ${scenario.name}: filling ${context.keys} entries`);
      await fillLoadVariants(raw, context.prefix, context.body, context.keys);
      const keysBefore = await loadKeyCount(raw, context.prefix);
      await raw.sendCommand(['SLOWLOG', 'RESET']);
      const loading = runLoad(context.target, 10, context.durationS);
      let clearMs: number | null = null;
      let removed: number | null = null;
      if (scenario.clear) {
        await sleep((context.durationS * 1000) / 3);
        const started = performance.now();
        removed = await scenario.clear({ store, raw });
        clearMs = performance.now() - started;
      }
      const load = await loading;
      const slowlog = await raw.sendCommand<Array<[number, number, number, string[]]>>(['SLOWLOG', 'GET', '1024']);
      const longestUs = slowlog.reduce((max, entry) => Math.max(max, Number(entry[2])), 0);
      const keysAfter = await loadKeyCount(raw, context.prefix);
      results.push({
        scenario: scenario.name,
        clearMs: clearMs === null ? null : Math.round(clearMs * 10) / 10,
        removed,
        keysBefore,
        keysAfter,
        redisLongestCommandMs: Math.round(longestUs / 100) / 10,
        redisSlowCommands: slowlog.length,
        load,
      });
      // Leave the next scenario a clean slate whatever this one left behind.
      await store.clearPattern(routePattern(context.prefix, '/api/loads'));
    }
  } finally {
    await store.close();
    await raw.close();
  }
  return results;
}
