/**
 * What happened to the driver record: created and deleted also change the linked user's
 * profile. A location report is not a change of the record (src/positions).
 */
export type DriverChange = 'created' | 'updated' | 'deleted';

/** driver.changed: created, updated or deleted. */
export interface DriverChangedEvent {
  driverId: string;
  userId: string;
  change: DriverChange;
  /** Availability after the change, and before it (equal unless the change set it). */
  isAvailable: boolean;
  wasAvailable: boolean;
}

declare module '../common/domain-events' {
  interface DomainEventMap {
    'driver.changed': DriverChangedEvent;
  }
}
