/** driver.positions_persisted: one flush wrote these drivers' latest reported positions to PostgreSQL. */
export interface DriverPositionsPersistedEvent {
  driverIds: string[];
}

declare module '../common/domain-events' {
  interface DomainEventMap {
    'driver.positions_persisted': DriverPositionsPersistedEvent;
  }
}
