import { createClient } from 'redis';
import { generationKey } from '../../../../src/cache/cache-key';
import { dependencyKey } from '../../../../src/cache/cache-dependency';
import { startTestRedis } from '../../redis';
import { ChaosRig, RECOVERY_DEADLINE_MS, Resources, ScenarioResult } from '../rig';
import { timedRequest } from '../chaos-http';
import { discoverTargets, versionOf } from '../targets';
import { ChaosWorkload } from '../workload';
import { DEFAULT_SCENARIO_OPTIONS, ScenarioOptions, warm } from './scenario-options';

export interface RedisEvictingResult extends ScenarioResult {
  evictedKeys: number;
  /** X-Cache of the first read after the hot entry's generation key was deleted. */
  afterGenerationDeleted: string;
  /** Whether that read showed the last acknowledged write. */
  afterGenerationDeletedCurrent: boolean;
}

const JUNK_PER_ROUND = 300;
const JUNK = 'x'.repeat(1024);
/** The app's default CACHE_KEY_PREFIX. */
const PREFIX = 'freight';

/**
 * Redis at 2 MB with allkeys-lru, flooded with junk keys and distinct cached lists while A
 * writes and both read, so entries and generation keys are evicted under the workload. Then
 * a hot entry's generation key is deleted outright: its next read must be a MISS.
 */
export async function redisEvicting(rig: ChaosRig, options: ScenarioOptions = DEFAULT_SCENARIO_OPTIONS): Promise<RedisEvictingResult> {
  const resources = new Resources();
  try {
    const redis = resources.add(await startTestRedis(), (r) => r.stop());
    const raw = resources.add(createClient({ url: redis.url }), (c) => c.close());
    await raw.connect();
    await raw.configSet({ maxmemory: '2mb', 'maxmemory-policy': 'allkeys-lru' });
    const a = resources.add(await rig.start('A', { REDIS_URL: redis.url }), (i) => i.stop());
    const b = resources.add(await rig.start('B', { REDIS_URL: redis.url }), (i) => i.stop());
    const w = new ChaosWorkload(rig.token, await discoverTargets(a, rig.token));
    await warm(w, [a, b]);
    const readers = w.startReaders([a, b]);

    let junk = 0;
    let variants = 0;
    const floodRounds = options.rounds * 2;
    for (let round = 0; round < floodRounds; round++) {
      await Promise.all(Array.from({ length: JUNK_PER_ROUND }, () => raw.set(`junk:${junk++}`, JUNK)));
      // Distinct valid list queries: cache entries (and their lookups) the app makes itself.
      for (let k = 0; k < 4; k++, variants++) {
        const query = `limit=${1 + (variants % 100)}&createdFrom=2020-01-01T00:00:${String(variants % 60).padStart(2, '0')}Z`;
        const list = await timedRequest('GET', `${(variants % 2 ? a : b).baseUrl}/api/loads?${query}`, rig.token);
        if (list.status !== 200) w.failures.push(`GET /api/loads?${query}: ${list.status}`);
      }
      await w.round(a, [a, b]);
    }
    const floodEnd = Date.now();
    const recoverySeconds = await w.secondsUntilHits([a, b], RECOVERY_DEADLINE_MS, floodEnd);
    const stats = await raw.info('stats');
    const evictedKeys = Number(/evicted_keys:(\d+)/.exec(stats)?.[1] ?? 0);

    // A hot entry whose generation key disappears (evicted, expired): a miss, never old data.
    // Readers stopped first: one of them could rebuild the entry between the DEL and the read.
    await readers.stop();
    const hot = w.targets.find((t) => t.kind === 'driver')!;
    await w.write(a, hot);
    await w.secondsUntilHits([a], RECOVERY_DEADLINE_MS);
    await raw.del(generationKey(PREFIX, dependencyKey('driver', hot.id)));
    const floor = w.checker.floor(`driver:${hot.id}`);
    const next = await w.readDetail(a, hot);

    return {
      scenario: 'Redis evicting (maxmemory 2 MB, allkeys-lru)',
      operations: w.operations + variants,
      staleReads: w.checker.stale,
      failures: w.failures,
      worstReadMs: w.worstReadMs(),
      recoverySeconds,
      evictedKeys,
      afterGenerationDeleted: next.cache,
      afterGenerationDeletedCurrent: next.status === 200 && versionOf('driver', next.body as { name?: unknown }) === floor,
      notes: [`${evictedKeys} keys evicted (${junk} junk keys, ${variants} distinct lists)`, `read after DEL of its generation key: ${next.cache}`],
    };
  } finally {
    await resources.release();
  }
}
