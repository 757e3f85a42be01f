import { ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user';
import { mayReportLocation } from '../drivers/driver-location-access';
import { DriverResponseDto, toDriverResponse } from '../drivers/dto/driver-response.dto';
import type { UpdateLocationDto } from '../drivers/dto/update-location.dto';
import { DriverDirectory } from './driver-directory';
import type { DriverPosition } from './driver-position';
import { driversToRead } from './position-access';
import { PositionBuffer } from './position-buffer';
import { POSITION_METRICS, PositionMetrics } from './position-metrics';
import { POSITION_STORE, PositionStore } from './position-store';

/**
 * Location reports and the latest positions. A report costs no write transaction: it goes to
 * the store (Redis: one script call, shared with every instance at once) and to the buffer the
 * flusher writes to PostgreSQL about once a second.
 */
@Injectable()
export class PositionsService {
  constructor(
    private readonly directory: DriverDirectory,
    private readonly buffer: PositionBuffer,
    @Inject(POSITION_STORE) private readonly store: PositionStore,
    @Inject(POSITION_METRICS) private readonly metrics: PositionMetrics,
  ) {}

  /**
   * PATCH /api/drivers/:id/location as it always answered: 403 for another driver's position,
   * 404 for an unknown driver, else the driver record with the new location. The record comes
   * from the DriverDirectory (at most one primary-key read per driver per POSITION_DIRECTORY_TTL_MS).
   */
  async report(user: AuthUser, driverId: string, dto: UpdateLocationDto): Promise<DriverResponseDto> {
    if (!mayReportLocation(user, driverId)) throw new ForbiddenException('A driver may only report their own location');
    const driver = await this.directory.get(driverId);
    if (!driver) throw new NotFoundException(`Driver ${driverId} not found`);
    const position: DriverPosition = { driverId, lat: dto.lat, lng: dto.lng, at: Date.now() };
    this.buffer.add(position);
    await this.store.record(position);
    this.metrics.reported();
    return { ...toDriverResponse(driver), location: { lat: position.lat, lng: position.lng, updatedAt: new Date(position.at).toISOString() } };
  }

  /** The latest positions the caller may see, optionally of these drivers only. */
  async latest(user: AuthUser, driverIds?: readonly string[]): Promise<DriverPosition[]> {
    const ids = driversToRead(user, driverIds);
    if (ids && ids.length === 0) return [];
    return this.store.latest(ids);
  }
}
