import type { DriverPosition } from './driver-position';

/**
 * The latest position per driver, the newer report winning whatever order reports arrive in
 * (two instances, a retried flush). Used for the in-process store, each instance's mirror of
 * Redis, and the buffer of reports waiting for PostgreSQL.
 */
export class LatestPositions {
  private readonly byDriver = new Map<string, DriverPosition>();

  /** Keeps the position if it is newer than the one known; answers whether it did. */
  put(position: DriverPosition): boolean {
    const known = this.byDriver.get(position.driverId);
    if (known && known.at >= position.at) return false;
    this.byDriver.set(position.driverId, position);
    return true;
  }

  /** The positions of these drivers (every driver when undefined), those that have one. */
  get(driverIds?: readonly string[]): DriverPosition[] {
    if (!driverIds) return [...this.byDriver.values()];
    return driverIds.flatMap((id) => {
      const position = this.byDriver.get(id);
      return position ? [position] : [];
    });
  }

  delete(driverId: string): void {
    this.byDriver.delete(driverId);
  }

  /** Everything held, and empties it: a flush takes its batch this way. */
  drain(): DriverPosition[] {
    const all = [...this.byDriver.values()];
    this.byDriver.clear();
    return all;
  }

  get size(): number {
    return this.byDriver.size;
  }
}
