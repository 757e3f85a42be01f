import { startTestRedis } from '../../redis';
import { sleep } from '../chaos-http';
import { ChaosRig, ScenarioResult, RECOVERY_DEADLINE_MS, Resources } from '../rig';
import { discoverTargets } from '../targets';
import { ChaosWorkload } from '../workload';
import { DEFAULT_SCENARIO_OPTIONS, readsBetween, roundsUntil, ScenarioOptions, warm } from './scenario-options';

export interface RedisFrozenResult extends ScenarioResult {
  readsDuringFault: number;
  /** Reads started during the freeze that answered 200, and those of them that bypassed. */
  okDuringFault: number;
  bypassDuringFault: number;
}

/**
 * Redis frozen (SIGSTOP) while A writes and both read, then thawed. Reads are bounded (a short
 * REDIS_COMMAND_TIMEOUT_MS), so they time out, open the breakers and then bypass at once.
 */
export async function redisFrozen(rig: ChaosRig, options: ScenarioOptions = DEFAULT_SCENARIO_OPTIONS): Promise<RedisFrozenResult> {
  const resources = new Resources();
  try {
    const redis = resources.add(await startTestRedis(), (r) => r.stop());
    const env = { REDIS_URL: redis.url, REDIS_COMMAND_TIMEOUT_MS: '100' };
    const a = resources.add(await rig.start('A', env), (i) => i.stop());
    const b = resources.add(await rig.start('B', env), (i) => i.stop());
    const w = new ChaosWorkload(rig.token, await discoverTargets(a, rig.token));
    await warm(w, [a, b]);
    // Two readers per instance: enough timed-out reads to open each breaker within the freeze.
    const readers = w.startReaders([a, b], 2);
    for (let i = 0; i < options.rounds; i++) await w.round(a, [a, b]);

    const faultStart = Date.now();
    redis.freeze();
    let faultEnd = 0;
    const thaw = sleep(options.faultMs).then(() => {
      redis.thaw();
      faultEnd = Date.now();
    });
    await roundsUntil(w, a, [a, b], () => faultEnd > 0);
    await thaw;
    const recoverySeconds = await w.secondsUntilHits([a, b], RECOVERY_DEADLINE_MS, faultEnd);
    for (let i = 0; i < options.rounds; i++) await w.round(a, [a, b]);
    await readers.stop();

    const during = readsBetween(w, faultStart, faultEnd);
    const worstDuring = Math.round(Math.max(0, ...during.map((r) => r.ms)));
    return {
      scenario: `Redis frozen ${options.faultMs} ms (SIGSTOP)`,
      operations: w.operations,
      staleReads: w.checker.stale,
      failures: w.failures,
      worstReadMs: w.worstReadMs(),
      recoverySeconds,
      readsDuringFault: during.length,
      okDuringFault: during.filter((r) => r.status === 200).length,
      bypassDuringFault: during.filter((r) => r.cache === 'BYPASS').length,
      notes: [`${during.length} reads during the freeze, ${during.filter((r) => r.cache === 'BYPASS').length} BYPASS, worst ${worstDuring} ms`],
    };
  } finally {
    await resources.release();
  }
}
