import { startTestRedis } from '../../redis';
import { startTcpProxy } from '../../tcp-proxy';
import { sleep } from '../chaos-http';
import { ChaosRig, RECOVERY_DEADLINE_MS, Resources, ScenarioResult } from '../rig';
import { discoverTargets } from '../targets';
import { ChaosWorkload, WriteRecord } from '../workload';
import { DEFAULT_SCENARIO_OPTIONS, roundsUntil, ScenarioOptions, warm } from './scenario-options';

export interface InstancePartitionedResult extends ScenarioResult {
  /** Writes through A while it could not reach Redis, and how many answered 200. */
  writesCutOff: number;
  okWritesCutOff: number;
  /** Slowest of those writes (stalled link, then cut link), in ms. */
  worstWriteStalledMs: number;
  worstWriteCutMs: number;
}

/**
 * Redis unreachable from A only: A reaches it through a TCP proxy that is stalled (silent),
 * then cut (connections refused), then healed; B reaches it directly. A's writes answer once
 * B's relay has applied their outbox rows, so B shows them right after A's response.
 */
export async function instancePartitioned(rig: ChaosRig, options: ScenarioOptions = DEFAULT_SCENARIO_OPTIONS): Promise<InstancePartitionedResult> {
  const resources = new Resources();
  try {
    const redis = resources.add(await startTestRedis(), (r) => r.stop());
    const proxy = resources.add(await startTcpProxy(redis.port), (p) => p.close());
    const a = resources.add(await rig.start('A', { REDIS_URL: `redis://127.0.0.1:${proxy.port}`, REDIS_COMMAND_TIMEOUT_MS: '100' }), (i) => i.stop());
    const b = resources.add(await rig.start('B', { REDIS_URL: redis.url }), (i) => i.stop());
    const w = new ChaosWorkload(rig.token, await discoverTargets(a, rig.token));
    await warm(w, [a, b]);
    const readers = w.startReaders([a, b]);
    for (let i = 0; i < options.rounds; i++) await w.round(a, [a, b]);

    const phase = async (start: () => void): Promise<WriteRecord[]> => {
      const from = w.writes.length;
      start();
      let over = false;
      const timer = sleep(options.faultMs).then(() => (over = true));
      await roundsUntil(w, a, [b, a], () => over);
      await timer;
      return w.writes.slice(from);
    };
    const stalled = await phase(() => proxy.stall());
    const cut = await phase(() => proxy.cut());
    proxy.heal();
    const faultEnd = Date.now();
    const recoverySeconds = await w.secondsUntilHits([a, b], RECOVERY_DEADLINE_MS, faultEnd);
    for (let i = 0; i < options.rounds; i++) await w.round(a, [a, b]);
    await readers.stop();

    const cutOff = [...stalled, ...cut];
    const worst = (writes: WriteRecord[]) => Math.round(Math.max(0, ...writes.map((r) => r.ms)));
    return {
      scenario: 'Redis unreachable from A only (stalled, then cut)',
      operations: w.operations,
      staleReads: w.checker.stale,
      failures: w.failures,
      worstReadMs: w.worstReadMs(),
      recoverySeconds,
      writesCutOff: cutOff.length,
      okWritesCutOff: cutOff.filter((r) => r.status === 200).length,
      worstWriteStalledMs: worst(stalled),
      worstWriteCutMs: worst(cut),
      notes: [`${cutOff.length} writes via A cut off, slowest ${worst(stalled)} ms stalled, ${worst(cut)} ms cut`],
    };
  } finally {
    await resources.release();
  }
}
