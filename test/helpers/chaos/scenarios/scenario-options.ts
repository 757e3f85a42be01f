import type { ChaosInstance } from '../chaos-http';
import { RECOVERY_DEADLINE_MS } from '../rig';
import type { ChaosWorkload, ReadRecord } from '../workload';

export interface ScenarioOptions {
  /** Write rounds (a write, then reads through every instance) before and after the fault. */
  rounds: number;
  /** How long the fault lasts (each phase of the partition lasts this long). */
  faultMs: number;
}

export const DEFAULT_SCENARIO_OPTIONS: ScenarioOptions = { rounds: 6, faultMs: 1000 };

/** Rounds until `done` turns true (at least one), so writes and reads overlap the fault. */
export async function roundsUntil(w: ChaosWorkload, via: ChaosInstance, readers: ChaosInstance[], done: () => boolean): Promise<void> {
  do await w.round(via, readers);
  while (!done());
}

/** The caches are up on every instance (a HIT on each) before the fault starts. */
export async function warm(w: ChaosWorkload, instances: ChaosInstance[]): Promise<void> {
  if ((await w.secondsUntilHits(instances, RECOVERY_DEADLINE_MS)) === null) throw new Error('the cache never served a HIT before the fault');
}

/** Reads that started inside [from, to). */
export function readsBetween(w: ChaosWorkload, from: number, to: number): ReadRecord[] {
  return w.reads.filter((r) => r.startedAt >= from && r.startedAt < to);
}
