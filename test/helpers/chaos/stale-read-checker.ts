/** One read that showed a value older than a write acknowledged before the read started. */
export interface StaleRead {
  instance: string;
  path: string;
  entity: string;
  /** The version acknowledged when the read started, and the one it showed. */
  acknowledged: number;
  seen: number;
  cache: string;
}

/**
 * The rule the cache promises: once a write's response has been received, no read started
 * afterwards shows an older value. Every write gives its entity a higher version; a read takes
 * the floor (the highest acknowledged version) when it starts and is checked against it when
 * it ends, so a read that overlaps a later write may show the newer value, never an older one.
 */
export class StaleReadChecker {
  private readonly acknowledged = new Map<string, number>();
  readonly stale: StaleRead[] = [];

  acknowledge(entity: string, version: number): void {
    if (version > (this.acknowledged.get(entity) ?? 0)) this.acknowledged.set(entity, version);
  }

  /** The version a read starting now must show at least. */
  floor(entity: string): number {
    return this.acknowledged.get(entity) ?? 0;
  }

  verify(read: Omit<StaleRead, 'acknowledged' | 'seen' | 'entity'>, entity: string, floor: number, seen: number): void {
    if (seen < floor) this.stale.push({ ...read, entity, acknowledged: floor, seen });
  }
}
