import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Driver } from '../drivers/driver.entity';

interface Entry {
  driver: Driver;
  loadedAtMs: number;
}

const MAX_ENTRIES = 100_000;

/**
 * This instance's short-lived copy of driver records, so a location report needs no database
 * round trip to know the driver exists and to answer with its record. An entry is dropped when
 * the record changes: at once on the instance that changed it, and on every other instance as
 * soon as the store's channel carries the notice (positions.listener.ts); POSITION_DIRECTORY_TTL_MS
 * bounds it when that notice is lost (Redis away). Only found records are kept: a 404 is
 * always read from PostgreSQL, so a new driver can report at once.
 */
@Injectable()
export class DriverDirectory {
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<Driver | null>>();

  constructor(
    @InjectRepository(Driver) private readonly drivers: Repository<Driver>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async get(driverId: string): Promise<Driver | null> {
    const entry = this.entries.get(driverId);
    if (entry && Date.now() - entry.loadedAtMs < this.config.positions.directoryTtlMs) return entry.driver;
    return this.load(driverId);
  }

  /** The record changed: the next report reads it again. A read already running is not kept. */
  forget(driverId: string): void {
    this.entries.delete(driverId);
    this.loading.delete(driverId);
  }

  /** One primary-key read per driver at a time; concurrent reports share it. */
  private load(driverId: string): Promise<Driver | null> {
    const running = this.loading.get(driverId);
    if (running) return running;
    const startedAtMs = Date.now();
    const read: Promise<Driver | null> = this.drivers.findOne({ where: { id: driverId } }).then(
      (driver) => {
        // Kept only if no change notice arrived while it was read (forget() dropped it).
        if (this.loading.get(driverId) === read) {
          this.loading.delete(driverId);
          if (driver && this.config.positions.directoryTtlMs > 0) {
            if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
            this.entries.set(driverId, { driver, loadedAtMs: startedAtMs });
          }
        }
        return driver;
      },
      (error: unknown) => {
        if (this.loading.get(driverId) === read) this.loading.delete(driverId);
        throw error;
      },
    );
    this.loading.set(driverId, read);
    return read;
  }
}
