import { startTestRedis } from '../../redis';
import { startTcpProxy } from '../../tcp-proxy';
import { sleep } from '../chaos-http';
import { DatabaseProbe } from '../database-probe';
import { ChaosRig, RECOVERY_DEADLINE_MS, Resources, ScenarioResult } from '../rig';
import { discoverTargets, entityOf, nextVersion, Target, versionOf } from '../targets';
import { ChaosWorkload } from '../workload';
import { DEFAULT_SCENARIO_OPTIONS, ScenarioOptions, warm } from './scenario-options';

export interface WriterKilledResult extends ScenarioResult {
  /** Writes of the burst that committed before the kill (none of them answered). */
  committedUnanswered: number;
  /** Outbox rows left right after the kill. */
  outboxAfterKill: number;
  /** Seconds from the kill until B showed every committed value; null: not in time. */
  visibleOnBSeconds: number | null;
  /** Whether the outbox was empty again (B's relay applied what W left) within the deadline. */
  outboxDrained: boolean;
}

/**
 * A writer W (its own process) SIGKILLed with writes committed but not yet invalidated. W
 * reaches Redis through a proxy that is stalled just before a burst of concurrent PATCHes,
 * so its fast path cannot finish; once the database shows the burst committed, W is killed
 * and B's relay must apply what W left in the outbox.
 */
export async function writerKilled(rig: ChaosRig, options: ScenarioOptions = DEFAULT_SCENARIO_OPTIONS): Promise<WriterKilledResult> {
  const resources = new Resources();
  try {
    const redis = resources.add(await startTestRedis(), (r) => r.stop());
    const proxy = resources.add(await startTcpProxy(redis.port), (p) => p.close());
    const probe = resources.add(await DatabaseProbe.connect(rig.databaseUrl), (p) => p.close());
    const writer = resources.add(
      await rig.startKillable('W', { REDIS_URL: `redis://127.0.0.1:${proxy.port}`, REDIS_COMMAND_TIMEOUT_MS: '100' }),
      (i) => i.stop(),
    );
    const b = resources.add(await rig.start('B', { REDIS_URL: redis.url }), (i) => i.stop());
    const w = new ChaosWorkload(rig.token, await discoverTargets(b, rig.token));
    await warm(w, [writer, b]);
    const readers = w.startReaders([b]);
    for (let i = 0; i < options.rounds; i++) await w.round(writer, [writer, b]);

    // The burst: one new version per target, sent together, never awaited.
    proxy.stall();
    const failuresBefore = w.failures.length;
    const burst = new Map<string, number>(w.targets.map((t: Target) => [entityOf(t), nextVersion()]));
    const sent = w.targets.map((t) => w.write(writer, t, burst.get(entityOf(t))));
    const committed = async () => {
      const versions = await probe.committedVersions(w.targets);
      return [...burst].filter(([entity, version]) => (versions.get(entity) ?? 0) >= version).length;
    };
    const waitUntil = Date.now() + 10_000;
    while ((await committed()) < burst.size && Date.now() < waitUntil) await sleep(10);
    await writer.kill();
    const killedAt = Date.now();
    const outboxAfterKill = await probe.outboxPending();
    const committedUnanswered = await committed();
    await Promise.all(sent);
    // The burst's writes fail as expected (the writer died): not failures of the cache.
    const later = w.failures.splice(failuresBefore);
    w.failures.push(...later.filter((failure) => !failure.startsWith('PATCH ')));

    // What committed must show through B, by its relay alone.
    const truth = await probe.committedVersions(w.targets);
    let visibleOnBSeconds: number | null = null;
    while (Date.now() - killedAt < RECOVERY_DEADLINE_MS && visibleOnBSeconds === null) {
      let current = true;
      for (const target of w.targets) {
        const detail = await w.readDetail(b, target);
        const shown = detail.status === 200 ? (detail.body as { name?: unknown; rateCents?: unknown }) : {};
        if (versionOf(target.kind, shown) < (truth.get(entityOf(target)) ?? 0)) current = false;
      }
      if (current) visibleOnBSeconds = (Date.now() - killedAt) / 1000;
      else await sleep(50);
    }
    // Seen once, a committed value is a floor, as an acknowledged write is.
    if (visibleOnBSeconds !== null) for (const [entity, version] of truth) w.checker.acknowledge(entity, version);

    let outboxDrained = false;
    while (Date.now() - killedAt < RECOVERY_DEADLINE_MS && !(outboxDrained = (await probe.outboxPending()) === 0)) await sleep(50);
    const recoverySeconds = await w.secondsUntilHits([b], RECOVERY_DEADLINE_MS, killedAt);
    for (let i = 0; i < options.rounds; i++) await w.round(b, [b]);
    for (const target of w.targets) await w.readList(b, target.kind);
    await readers.stop();

    return {
      scenario: 'Writer SIGKILLed mid-writes',
      operations: w.operations,
      staleReads: w.checker.stale,
      failures: w.failures,
      worstReadMs: w.worstReadMs(),
      recoverySeconds,
      committedUnanswered,
      outboxAfterKill,
      visibleOnBSeconds,
      outboxDrained,
      notes: [
        `${committedUnanswered}/${burst.size} burst writes committed unanswered, ${outboxAfterKill} outbox rows left at the kill`,
        `visible on B after ${visibleOnBSeconds ?? 'never'} s`,
      ],
    };
  } finally {
    await resources.release();
  }
}
