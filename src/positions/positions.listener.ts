import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { OnDomainEvent } from '../common/domain-events';
import type { DriverChangedEvent } from '../drivers/drivers.events';
import type { LoadStatusChangedEvent } from '../loads/loads.events';
import { DriverDirectory } from './driver-directory';
import { POSITION_STORE, PositionStore } from './position-store';

/**
 * Keeps every instance's DriverDirectory exact: a committed change to a driver record (or to
 * its availability, by a load move) drops the copy here and, through the store's channel, on
 * every other instance; a deleted driver's position goes with it.
 */
@Injectable()
export class PositionsListener implements OnModuleInit, OnModuleDestroy {
  private stopListening?: () => void;

  constructor(
    private readonly directory: DriverDirectory,
    @Inject(POSITION_STORE) private readonly store: PositionStore,
  ) {}

  onModuleInit(): void {
    this.stopListening = this.store.listen((notice) => {
      if (notice.type === 'driver-changed') this.directory.forget(notice.driverId);
    });
  }

  onModuleDestroy(): void {
    this.stopListening?.();
  }

  @OnDomainEvent('driver.changed')
  async onDriverChanged(event: DriverChangedEvent): Promise<void> {
    this.directory.forget(event.driverId);
    await this.store.driverChanged(event.driverId, event.change === 'deleted');
  }

  @OnDomainEvent('load.assigned')
  async onLoadAssigned(event: LoadStatusChangedEvent): Promise<void> {
    await this.availabilityMoved(event);
  }

  @OnDomainEvent('load.status_changed')
  async onLoadMoved(event: LoadStatusChangedEvent): Promise<void> {
    await this.availabilityMoved(event);
  }

  private async availabilityMoved(event: LoadStatusChangedEvent): Promise<void> {
    if (!event.driverAvailabilityChanged || !event.driverId) return;
    this.directory.forget(event.driverId);
    await this.store.driverChanged(event.driverId, false);
  }
}
