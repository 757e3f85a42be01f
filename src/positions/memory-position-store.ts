import type { DriverPosition } from './driver-position';
import { LatestPositions } from './latest-positions';
import { PositionListeners } from './position-listeners';
import type { PositionListener, PositionStore, PositionStoreHealth } from './position-store';

/** Without REDIS_URL: one instance, positions in its memory (bounded by the number of drivers). */
export class MemoryPositionStore implements PositionStore {
  readonly kind = 'memory' as const;
  private readonly positions = new LatestPositions();
  private readonly listeners = new PositionListeners();

  record(position: DriverPosition): Promise<void> {
    if (this.positions.put(position)) this.listeners.notify({ type: 'report', position });
    return Promise.resolve();
  }

  latest(driverIds?: readonly string[]): Promise<DriverPosition[]> {
    return Promise.resolve(this.positions.get(driverIds));
  }

  seed(positions: DriverPosition[]): Promise<void> {
    for (const position of positions) this.positions.put(position);
    return Promise.resolve();
  }

  driverChanged(driverId: string, deleted: boolean): Promise<void> {
    if (deleted) this.positions.delete(driverId);
    this.listeners.notify({ type: 'driver-changed', driverId, deleted });
    return Promise.resolve();
  }

  listen(listener: PositionListener): () => void {
    return this.listeners.add(listener);
  }

  health(): Promise<PositionStoreHealth> {
    return Promise.resolve({ store: 'memory', state: 'up' });
  }

  close(): Promise<void> {
    this.listeners.clear();
    return Promise.resolve();
  }
}
