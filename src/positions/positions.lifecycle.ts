import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HEALTH_INDICATORS, HealthIndicatorFn } from '../health/health-indicators';
import type { DriverPosition } from './driver-position';
import { PositionBuffer } from './position-buffer';
import { PositionFlusher } from './position-flusher';
import { POSITION_STORE, PositionStore } from './position-store';
import { PositionStreams } from './position-streams';
import { positionsHealthCheck } from './positions-health';

/**
 * Adds the positions to /api/health, seeds the store from PostgreSQL once the demo data and
 * migrations are in (so the endpoint knows every persisted position before the first report;
 * newer positions already in Redis win), and closes the store after the last flush.
 */
@Injectable()
export class PositionsLifecycle implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Positions');

  constructor(
    private readonly dataSource: DataSource,
    @Inject(POSITION_STORE) private readonly store: PositionStore,
    @Inject(HEALTH_INDICATORS) private readonly health: HealthIndicatorFn[],
    private readonly streams: PositionStreams,
    private readonly buffer: PositionBuffer,
    private readonly flusher: PositionFlusher,
  ) {}

  onModuleInit(): void {
    // The health controller reads this list on every check; the cache module created it.
    this.health.push(positionsHealthCheck(this.store, this.streams, this.buffer, this.flusher));
  }

  async onApplicationBootstrap(): Promise<void> {
    try {
      const rows = await this.dataSource.query<Array<{ id: string; lat: number; lng: number; at: Date }>>(
        `SELECT id, current_lat AS lat, current_lng AS lng, location_updated_at AS at FROM drivers
          WHERE current_lat IS NOT NULL AND current_lng IS NOT NULL AND location_updated_at IS NOT NULL`,
      );
      const positions: DriverPosition[] = rows.map((row) => ({ driverId: row.id, lat: row.lat, lng: row.lng, at: new Date(row.at).getTime() }));
      await this.store.seed(positions);
    } catch (error) {
      this.logger.warn(`Could not seed positions from PostgreSQL; they appear as drivers report: ${(error as Error).message}`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
