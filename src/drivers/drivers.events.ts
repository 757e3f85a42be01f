/** What happened to the driver: created and deleted also change the linked user's profile. */
export type DriverChange = 'created' | 'updated' | 'deleted' | 'located';

/** driver.changed: created, updated, deleted, or a location report. */
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
