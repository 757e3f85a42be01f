import { startTestRedis } from '../../redis';
import { sleep } from '../chaos-http';
import { ChaosRig, RECOVERY_DEADLINE_MS, Resources, ScenarioResult } from '../rig';
import { discoverTargets } from '../targets';
import { ChaosWorkload } from '../workload';
import { DEFAULT_SCENARIO_OPTIONS, readsBetween, ScenarioOptions, warm } from './scenario-options';

export interface RedisRestartedResult extends ScenarioResult {
  readsWhileDown: number;
  okWhileDown: number;
  bypassWhileDown: number;
  /** Writes made while Redis was down, and how many answered 200. */
  writesWhileDown: number;
  okWritesWhileDown: number;
}

/**
 * Redis killed (SIGKILL) and started again empty while A writes and both read. The writes
 * made meanwhile answer once their invalidation is applied or deferred; their outbox rows are
 * replayed before each circuit closes, and an empty Redis holds no entry to be stale anyway.
 */
export async function redisRestarted(rig: ChaosRig, options: ScenarioOptions = DEFAULT_SCENARIO_OPTIONS): Promise<RedisRestartedResult> {
  const resources = new Resources();
  try {
    const redis = resources.add(await startTestRedis(), (r) => r.stop());
    const a = resources.add(await rig.start('A', { REDIS_URL: redis.url }), (i) => i.stop());
    const b = resources.add(await rig.start('B', { REDIS_URL: redis.url }), (i) => i.stop());
    const w = new ChaosWorkload(rig.token, await discoverTargets(a, rig.token));
    await warm(w, [a, b]);
    const readers = w.startReaders([a, b]);
    for (let i = 0; i < options.rounds; i++) await w.round(a, [a, b]);

    const faultStart = Date.now();
    await redis.kill();
    // One write per target while Redis is down, together (each may wait for its invalidation).
    const writes = Promise.all(w.targets.map((target) => w.write(a, target)));
    await sleep(options.faultMs);
    await redis.restart();
    const faultEnd = Date.now();
    const downWrites = await writes;
    for (const target of w.targets) {
      for (const instance of [a, b]) {
        await w.readDetail(instance, target);
        await w.readList(instance, target.kind);
      }
    }
    const recoverySeconds = await w.secondsUntilHits([a, b], RECOVERY_DEADLINE_MS, faultEnd);
    for (let i = 0; i < options.rounds; i++) await w.round(a, [a, b]);
    await readers.stop();

    const during = readsBetween(w, faultStart, faultEnd);
    return {
      scenario: `Redis restarted empty (down ${options.faultMs} ms)`,
      operations: w.operations,
      staleReads: w.checker.stale,
      failures: w.failures,
      worstReadMs: w.worstReadMs(),
      recoverySeconds,
      readsWhileDown: during.length,
      okWhileDown: during.filter((r) => r.status === 200).length,
      bypassWhileDown: during.filter((r) => r.cache === 'BYPASS').length,
      writesWhileDown: downWrites.length,
      okWritesWhileDown: downWrites.filter((r) => r.status === 200).length,
      notes: [
        `${during.length} reads while down, ${during.filter((r) => r.cache === 'BYPASS').length} BYPASS`,
        `${downWrites.length} writes while down, slowest ${Math.round(Math.max(...downWrites.map((r) => r.ms)))} ms`,
      ],
    };
  } finally {
    await resources.release();
  }
}
