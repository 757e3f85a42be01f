import type { LoadStatus } from './load-status';

/** load.created, load.updated, load.deleted */
export interface LoadChangedEvent {
  loadId: string;
  reference: string;
  createdById: string;
}

/** load.assigned and load.status_changed (assign, pickup, deliver, cancel). */
export interface LoadStatusChangedEvent extends LoadChangedEvent {
  previousStatus: LoadStatus;
  status: LoadStatus;
  /** The driver on the load after the move (null when none). */
  driverId: string | null;
  /** The driver's user account, to notify. */
  driverUserId: string | null;
  /** True when the move changed a driver's isAvailable (assign, deliver, cancel of an assigned load). */
  driverAvailabilityChanged: boolean;
  /** Who made the move. */
  actorUserId: string;
}

declare module '../common/domain-events' {
  interface DomainEventMap {
    'load.created': LoadChangedEvent;
    'load.updated': LoadChangedEvent;
    'load.deleted': LoadChangedEvent;
    'load.assigned': LoadStatusChangedEvent;
    'load.status_changed': LoadStatusChangedEvent;
  }
}

export function loadChanged(load: { id: string; reference: string; createdById: string }): LoadChangedEvent {
  return { loadId: load.id, reference: load.reference, createdById: load.createdById };
}
