import type { DriverPosition } from './driver-position';

/** What a store tells this instance: a report (made here or on another instance), or a changed driver record. */
export type PositionNotice = { type: 'report'; position: DriverPosition } | { type: 'driver-changed'; driverId: string; deleted: boolean };

export type PositionListener = (notice: PositionNotice) => void;

/** How the store is doing, for /api/health: degraded means this instance works from its own copy. */
export interface PositionStoreHealth {
  store: 'redis' | 'memory';
  state: 'up' | 'degraded';
  circuit?: 'closed' | 'open' | 'half-open';
}

/**
 * The latest position per driver, shared by every instance (Redis), or this instance's own
 * (in process, when REDIS_URL is not set). No method throws for a Redis fault and none waits
 * longer than the Redis command timeout: a report is never refused or held up because Redis is
 * away; the store then answers from this instance's own copy and says so in health().
 */
export interface PositionStore {
  readonly kind: 'redis' | 'memory';
  /** Keeps the report if newer than the known one, and tells every instance's listeners. */
  record(position: DriverPosition): Promise<void>;
  /** The latest positions of these drivers (every driver when undefined). */
  latest(driverIds?: readonly string[]): Promise<DriverPosition[]>;
  /** Positions read from PostgreSQL at start-up; kept where newer, announced to nobody. */
  seed(positions: DriverPosition[]): Promise<void>;
  /** A driver record changed (deleted: its position goes too); every instance's listeners hear it. */
  driverChanged(driverId: string, deleted: boolean): Promise<void>;
  /** Reports and driver changes from every instance, this one included; returns the unsubscribe. */
  listen(listener: PositionListener): () => void;
  health(): Promise<PositionStoreHealth>;
  close(): Promise<void>;
}

export const POSITION_STORE = Symbol('POSITION_STORE');
