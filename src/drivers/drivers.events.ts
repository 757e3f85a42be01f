/** driver.changed: created, updated, deleted, location or availability changed. */
export interface DriverChangedEvent {
  driverId: string;
  userId: string;
}

declare module '../common/domain-events' {
  interface DomainEventMap {
    'driver.changed': DriverChangedEvent;
  }
}
