import type { LoadStatus } from './load-status';

/** load.created, load.updated, load.deleted */
export interface LoadChangedEvent {
  loadId: string;
  reference: string;
  createdById: string;
  /** The load's status (after the change; before a delete). */
  status: LoadStatus;
  /** The driver on the load (after the change; null when none). */
  driverId: string | null;
  /** When the load was created (never changes): which created_at ranges of lists it is in. */
  createdAt: Date;
}

/** load.assigned and load.status_changed (assign, pickup, deliver, cancel). */
export interface LoadStatusChangedEvent extends LoadChangedEvent {
  previousStatus: LoadStatus;
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

export function loadChanged(load: {
  id: string;
  reference: string;
  createdById: string;
  status: LoadStatus;
  driverId: string | null;
  createdAt: Date;
}): LoadChangedEvent {
  return {
    loadId: load.id,
    reference: load.reference,
    createdById: load.createdById,
    status: load.status,
    driverId: load.driverId,
    createdAt: load.createdAt,
  };
}
