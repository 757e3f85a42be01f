import { LoadStatus } from '../loads/load-status';

/** A driver on a load in these states is busy: not available, not deletable. */
export const ACTIVE_LOAD_STATUSES: readonly LoadStatus[] = [LoadStatus.Assigned, LoadStatus.InTransit];

export interface DriverLoadCounts {
  /** Loads in ACTIVE_LOAD_STATUSES. */
  active: number;
  /** All loads that reference the driver, whatever their state. */
  total: number;
}

/**
 * Why the driver cannot be marked available, or null when it may.
 * Marking unavailable (off duty) is always allowed; the load lifecycle owns the busy -> available move on delivery.
 */
export function availabilityConflict(requested: boolean | undefined, loads: DriverLoadCounts): string | null {
  if (requested !== true || loads.active === 0) return null;
  return `The driver has ${loads.active} assigned or in-transit load(s) and cannot be made available until they are delivered or cancelled`;
}

/** Why the driver cannot be deleted, or null when it may. Past loads keep their driver for history (ON DELETE RESTRICT). */
export function deletionConflict(loads: DriverLoadCounts): string | null {
  if (loads.active > 0) {
    return `The driver has ${loads.active} assigned or in-transit load(s); deliver, cancel or reassign them first`;
  }
  if (loads.total > 0) {
    return `The driver appears on ${loads.total} past load(s), which keep their driver for history; mark the driver unavailable instead`;
  }
  return null;
}
