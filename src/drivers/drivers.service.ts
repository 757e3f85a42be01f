import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import type { Page } from '../common/cursor';
import { DomainEvents } from '../common/domain-events';
import { fetchKeysetPage } from '../common/keyset-page';
import { isPostgresError, isUniqueViolation, PostgresErrorCode } from '../common/postgres-error';
import { Load } from '../loads/load.entity';
import { PositionsService } from '../positions/positions.service';
import { User } from '../users/user.entity';
import { UserRole } from '../users/user-role';
import { Driver } from './driver.entity';
import { ACTIVE_LOAD_STATUSES, availabilityConflict, deletionConflict, DriverLoadCounts } from './driver-load-rules';
import { CreateDriverDto } from './dto/create-driver.dto';
import { DriverResponseDto, toDriverResponse } from './dto/driver-response.dto';
import { ListDriversQueryDto } from './dto/list-drivers-query.dto';
import { UpdateDriverDto } from './dto/update-driver.dto';
import { UpdateLocationDto } from './dto/update-location.dto';
import type { DriverChange, DriverChangedEvent } from './drivers.events';

@Injectable()
export class DriversService {
  constructor(
    @InjectRepository(Driver) private readonly drivers: Repository<Driver>,
    private readonly events: DomainEvents,
    private readonly positions: PositionsService,
  ) {}

  async list(query: ListDriversQueryDto): Promise<Page<DriverResponseDto>> {
    const qb = this.drivers.createQueryBuilder('driver');
    if (query.isAvailable !== undefined) qb.andWhere('driver.is_available = :isAvailable', { isAvailable: query.isAvailable });
    return fetchKeysetPage(qb, query, toDriverResponse);
  }

  async get(id: string): Promise<DriverResponseDto> {
    const driver = await this.drivers.findOne({ where: { id } });
    if (!driver) throw driverNotFound(id);
    return toDriverResponse(driver);
  }

  async create(dto: CreateDriverDto): Promise<DriverResponseDto> {
    try {
      // The response comes from inside the transaction, so an idempotent create records it there.
      return await this.events.transaction(async (manager, events) => {
        const user = await manager.findOne(User, { where: { id: dto.userId } });
        if (!user) throw new NotFoundException(`User ${dto.userId} not found`);
        if (user.role !== UserRole.Driver) {
          throw new ConflictException(`User ${dto.userId} has role ${user.role}; only a user with role driver can be linked to a driver`);
        }
        const linked = await manager.findOne(Driver, { where: { userId: dto.userId }, select: { id: true } });
        if (linked) throw alreadyLinked(dto.userId, linked.id);
        const created = await manager.save(
          manager.create(Driver, {
            userId: dto.userId,
            name: dto.name,
            phone: dto.phone ?? null,
            licenseNumber: dto.licenseNumber,
            isAvailable: true,
            currentLat: null,
            currentLng: null,
            locationUpdatedAt: null,
          }),
        );
        events.emit('driver.changed', changedEvent(created, 'created'));
        return toDriverResponse(created);
      });
    } catch (error) {
      // Two concurrent creates for one user: drivers.user_id is unique, the loser lands here.
      if (isUniqueViolation(error)) throw alreadyLinked(dto.userId);
      throw error;
    }
  }

  async update(id: string, dto: UpdateDriverDto): Promise<DriverResponseDto> {
    const driver = await this.events.transaction(async (manager, events) => {
      const current = await this.lockDriver(manager, id);
      const conflict = availabilityConflict(dto.isAvailable, await this.loadCounts(manager, id));
      if (conflict) throw new ConflictException(conflict);

      const patch: Partial<Pick<Driver, 'name' | 'phone' | 'licenseNumber' | 'isAvailable'>> = {};
      if (dto.name !== undefined && dto.name !== current.name) patch.name = dto.name;
      if (dto.phone !== undefined && dto.phone !== current.phone) patch.phone = dto.phone;
      if (dto.licenseNumber !== undefined && dto.licenseNumber !== current.licenseNumber) patch.licenseNumber = dto.licenseNumber;
      if (dto.isAvailable !== undefined && dto.isAvailable !== current.isAvailable) patch.isAvailable = dto.isAvailable;
      if (Object.keys(patch).length === 0) return current;
      const wasAvailable = current.isAvailable;
      const saved = await manager.save(Object.assign(current, patch));
      events.emit('driver.changed', changedEvent(saved, 'updated', wasAvailable));
      return saved;
    });
    return toDriverResponse(driver);
  }

  async remove(id: string): Promise<void> {
    try {
      await this.events.transaction(async (manager, events) => {
        const current = await this.lockDriver(manager, id);
        const conflict = deletionConflict(await this.loadCounts(manager, id));
        if (conflict) throw new ConflictException(conflict);
        await manager.delete(Driver, { id });
        events.emit('driver.changed', changedEvent(current, 'deleted'));
      });
    } catch (error) {
      // loads.driver_id is ON DELETE RESTRICT: a load that referenced the driver after our count still stops the delete.
      if (isPostgresError(error, PostgresErrorCode.ForeignKeyViolation))
        throw new ConflictException('The driver is referenced by loads and cannot be deleted');
      throw error;
    }
  }

  /**
   * A location report is telemetry (src/positions): no row lock, no write transaction, no
   * driver.changed. The position is persisted by the next flush (POSITION_FLUSH_MS).
   */
  updateLocation(user: AuthUser, id: string, dto: UpdateLocationDto): Promise<DriverResponseDto> {
    return this.positions.report(user, id, dto);
  }

  /** Row lock: serialises availability and deletion with load assignment on the same driver. */
  private async lockDriver(manager: EntityManager, id: string): Promise<Driver> {
    const driver = await manager.findOne(Driver, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!driver) throw driverNotFound(id);
    return driver;
  }

  private async loadCounts(manager: EntityManager, driverId: string): Promise<DriverLoadCounts> {
    const row = await manager
      .createQueryBuilder(Load, 'load')
      .select('count(*) FILTER (WHERE load.status IN (:...active))::int', 'active')
      .addSelect('count(*)::int', 'total')
      .where('load.driver_id = :driverId', { driverId, active: ACTIVE_LOAD_STATUSES })
      .getRawOne<DriverLoadCounts>();
    return row ?? { active: 0, total: 0 };
  }
}

function changedEvent(driver: Driver, change: DriverChange, wasAvailable = driver.isAvailable): DriverChangedEvent {
  return { driverId: driver.id, userId: driver.userId, change, isAvailable: driver.isAvailable, wasAvailable };
}

function driverNotFound(id: string): NotFoundException {
  return new NotFoundException(`Driver ${id} not found`);
}

function alreadyLinked(userId: string, driverId?: string): ConflictException {
  return new ConflictException(`User ${userId} is already linked to ${driverId ? `driver ${driverId}` : 'a driver'}`);
}
