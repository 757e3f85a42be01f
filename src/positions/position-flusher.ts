import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainEvents } from '../common/domain-events';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import type { DriverPosition } from './driver-position';
import { PositionBuffer } from './position-buffer';
import { POSITION_METRICS, PositionMetrics } from './position-metrics';
import './positions.events';

// One statement whatever the batch size (four array parameters, not four per row). A row
// moves only forward in time, so an older batch (another instance's, a retried one) never
// overwrites a newer position. updated_at is left alone: it is the record's last edit, and a
// position is not an edit of the record.
const PERSIST_SQL = `
UPDATE drivers AS d
   SET current_lat = v.lat, current_lng = v.lng, location_updated_at = v.at
  FROM unnest($1::uuid[], $2::float8[], $3::float8[], $4::timestamptz[]) AS v(id, lat, lng, at)
 WHERE d.id = v.id AND (d.location_updated_at IS NULL OR d.location_updated_at < v.at)
RETURNING d.id`;

/**
 * Writes the buffered reports to PostgreSQL every POSITION_FLUSH_MS in ONE transaction, so 25
 * reports/s cost about one transaction/s, and a last time when the app closes (after the
 * HTTP drain, before the pool closes). The flush goes through DomainEvents.transaction and
 * emits driver.positions_persisted with the drivers it moved: their detail entries, and only
 * those, are invalidated (drivers.cache.ts).
 */
@Injectable()
export class PositionFlusher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('PositionFlusher');
  private timer: NodeJS.Timeout | undefined;
  /** Flushes never overlap: the next waits for the one running. */
  private running: Promise<number> = Promise.resolve(0);
  private flushes = 0;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly buffer: PositionBuffer,
    private readonly events: DomainEvents,
    @Inject(POSITION_METRICS) private readonly metrics: PositionMetrics,
  ) {}

  onApplicationBootstrap(): void {
    // A tick while a flush is still running (PostgreSQL slow or down) is skipped, not queued:
    // the running flush's successor would take the same buffer anyway.
    this.timer = setInterval(() => {
      if (!this.pending) void this.flush();
    }, this.config.positions.flushMs);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    const written = await this.flush();
    if (this.buffer.size > 0) this.logger.error(`${this.buffer.size} position(s) could not be written to PostgreSQL before shutdown`);
    else if (written > 0) this.logger.log(`Wrote ${written} buffered position(s) to PostgreSQL before shutdown`);
  }

  /** Flushes queued or running. */
  private pending = 0;

  /** Flushes that ran a transaction since start (for tests and health). */
  get flushCount(): number {
    return this.flushes;
  }

  /** Writes what is buffered now; answers how many rows moved. A failure keeps the batch for the next flush. */
  flush(): Promise<number> {
    this.pending++;
    const next = this.running.then(() => this.flushOnce());
    this.running = next.catch(() => 0).finally(() => this.pending--);
    return this.running;
  }

  private async flushOnce(): Promise<number> {
    const batch = this.buffer.take();
    if (batch.length === 0) return 0;
    const started = process.hrtime.bigint();
    try {
      const moved = await this.events.transaction(async (manager, events) => {
        const driverIds = await persist(manager, batch);
        if (driverIds.length > 0) events.emit('driver.positions_persisted', { driverIds });
        return driverIds.length;
      });
      this.flushes++;
      this.metrics.flushed(seconds(started), moved, false);
      return moved;
    } catch (error) {
      this.buffer.putBack(batch);
      this.metrics.flushed(seconds(started), 0, true);
      this.logger.warn(`Could not write ${batch.length} position(s) to PostgreSQL; kept for the next flush: ${(error as Error).message}`);
      throw error;
    }
  }
}

async function persist(manager: EntityManager, batch: DriverPosition[]): Promise<string[]> {
  const rows = (await manager.query(PERSIST_SQL, [
    batch.map((p) => p.driverId),
    batch.map((p) => p.lat),
    batch.map((p) => p.lng),
    batch.map((p) => new Date(p.at).toISOString()),
  ])) as unknown;
  // TypeORM answers an UPDATE ... RETURNING on PostgreSQL as [rows, affected count].
  const returned = Array.isArray(rows) && Array.isArray(rows[0]) ? (rows[0] as Array<{ id: string }>) : (rows as Array<{ id: string }>);
  return returned.map((row) => row.id);
}

function seconds(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e9;
}
