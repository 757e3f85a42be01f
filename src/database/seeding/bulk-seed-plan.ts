/**
 * How many rows of each kind a bulk seed writes, decided before any SQL runs so the rules
 * can be read (and tested) in one place.
 *
 * The picture it models: a fleet where most drivers are on a job at any moment, each busy
 * driver carrying exactly one active load; a small board of freshly posted loads; and two
 * years of history that is almost all delivered, with a few cancellations.
 */
export interface BulkSeedCounts {
  loads: number;
  drivers: number;
  /** Office users (dispatchers and admins). Every driver also gets a user of its own. */
  users: number;
}

export interface BulkSeedPlan {
  admins: number;
  dispatchers: number;
  drivers: number;
  /** Drivers carrying an assigned or in-transit load; the rest are available. */
  busyDrivers: number;
  loads: {
    total: number;
    posted: number;
    assigned: number;
    inTransit: number;
    /** Delivered plus cancelled: everything older than the active loads. */
    history: number;
  };
  /** Every Nth history load is cancelled (about 6%); the others were delivered. */
  cancelledEvery: number;
  /** Every Nth delivered load keeps its route plan; every active load has one. */
  deliveredRoutePlanEvery: number;
  /** Gap between consecutive loads' created_at, so a run spans about two years. */
  loadSpacingMs: number;
}

export const HISTORY_SPAN_MS = 730 * 24 * 60 * 60 * 1000;
export const BUSY_DRIVER_SHARE = 0.85;
/** Active loads never outnumber this share of all loads, so small runs stay mostly history. */
export const MAX_ACTIVE_LOAD_SHARE = 0.05;
export const POSTED_LOAD_SHARE = 0.001;
export const ADMIN_EVERY = 10;

export const LIMITS = { loads: 20_000_000, drivers: 1_000_000, users: 1_000_000 } as const;

export function planBulkSeed(counts: BulkSeedCounts): BulkSeedPlan {
  for (const key of ['loads', 'drivers', 'users'] as const) {
    const value = counts[key];
    if (!Number.isSafeInteger(value) || value < 1 || value > LIMITS[key]) {
      throw new RangeError(`${key} must be an integer from 1 to ${LIMITS[key]}, got ${value}`);
    }
  }
  const admins = Math.floor(counts.users / ADMIN_EVERY);
  const active = Math.min(Math.round(counts.drivers * BUSY_DRIVER_SHARE), Math.floor(counts.loads * MAX_ACTIVE_LOAD_SHARE));
  const posted = Math.min(Math.ceil(counts.loads * POSTED_LOAD_SHARE), counts.loads - active);
  const assigned = Math.floor(active * 0.4);
  return {
    admins,
    dispatchers: counts.users - admins,
    drivers: counts.drivers,
    busyDrivers: active,
    loads: {
      total: counts.loads,
      posted,
      assigned,
      inTransit: active - assigned,
      history: counts.loads - posted - active,
    },
    cancelledEvery: 16,
    deliveredRoutePlanEvery: 10,
    loadSpacingMs: Math.floor(HISTORY_SPAN_MS / counts.loads),
  };
}
