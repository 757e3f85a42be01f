import { ConflictException, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuthUser } from '../auth/auth-user';
import type { Page } from '../common/cursor';
import { DomainEvents } from '../common/domain-events';
import { fetchKeysetPage } from '../common/keyset-page';
import { isUniqueViolation } from '../common/postgres-error';
import { RequestValidationException } from '../common/validation';
import { CreateLoadDto } from './dto/create-load.dto';
import { ListLoadsQueryDto } from './dto/list-loads-query.dto';
import { LoadResponseDto } from './dto/load-response.dto';
import { UpdateLoadDto } from './dto/update-load.dto';
import { assertEditableOrConflict, loadNotFound } from './load-errors';
import { lockLoad } from './load-lock';
import { generateLoadReference } from './load-reference';
import { LoadStatus } from './load-status';
import { LoadWindows, windowProblems } from './load-windows';
import { Load } from './load.entity';
import { toLoadResponse } from './load.mapper';
import { loadChanged } from './loads.events';

// Generated references collide about once in 10^9 per day; a few retries are plenty.
const REFERENCE_ATTEMPTS = 5;

/** Reads and edits of loads; lifecycle moves live in LoadMovesService. */
@Injectable()
export class LoadsService {
  constructor(
    @InjectRepository(Load) private readonly loads: Repository<Load>,
    private readonly events: DomainEvents,
  ) {}

  /** Newest first, keyset-paginated on (created_at, id): every page costs the same. */
  async list(query: ListLoadsQueryDto): Promise<Page<LoadResponseDto>> {
    const qb = this.loads.createQueryBuilder('load');
    if (query.status?.length) qb.andWhere('load.status IN (:...statuses)', { statuses: query.status });
    if (query.driverId) qb.andWhere('load.driver_id = :driverId', { driverId: query.driverId });
    if (query.createdFrom) qb.andWhere('load.created_at >= :createdFrom', { createdFrom: toInstant(query.createdFrom, 'createdFrom') });
    if (query.createdTo) qb.andWhere('load.created_at <= :createdTo', { createdTo: toInstant(query.createdTo, 'createdTo') });
    return fetchKeysetPage(qb, query, toLoadResponse);
  }

  async get(id: string): Promise<LoadResponseDto> {
    const load = await this.loads.findOneBy({ id });
    if (!load) throw loadNotFound(id);
    return toLoadResponse(load);
  }

  async create(dto: CreateLoadDto, user: AuthUser): Promise<LoadResponseDto> {
    const windows = assertConsistentWindows({
      pickupStart: toInstant(dto.pickupWindow.start, 'pickupWindow.start'),
      pickupEnd: toInstant(dto.pickupWindow.end, 'pickupWindow.end'),
      deliveryStart: toInstant(dto.deliveryWindow.start, 'deliveryWindow.start'),
      deliveryEnd: toInstant(dto.deliveryWindow.end, 'deliveryWindow.end'),
    });
    const fields: Partial<Load> = {
      originCity: dto.origin.city,
      originLat: dto.origin.lat,
      originLng: dto.origin.lng,
      destinationCity: dto.destination.city,
      destinationLat: dto.destination.lat,
      destinationLng: dto.destination.lng,
      pickupWindowStart: windows.pickupStart,
      pickupWindowEnd: windows.pickupEnd,
      deliveryWindowStart: windows.deliveryStart,
      deliveryWindowEnd: windows.deliveryEnd,
      weightKg: dto.weightKg,
      rateCents: dto.rateCents,
      status: LoadStatus.Posted,
      driverId: null,
      createdById: user.id,
    };

    for (let attempt = 1; ; attempt++) {
      const reference = dto.reference ?? generateLoadReference();
      try {
        // The response comes from inside the transaction, so an idempotent create records it there.
        return await this.events.transaction(async (manager, events) => {
          const result = await manager.insert(Load, { ...fields, reference });
          const created = await manager.findOneByOrFail(Load, { id: (result.identifiers[0] as { id: string }).id });
          events.emit('load.created', loadChanged(created));
          return toLoadResponse(created);
        });
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        if (dto.reference !== undefined) throw referenceTaken(reference);
        if (attempt >= REFERENCE_ATTEMPTS) throw error;
      }
    }
  }

  /** Only while posted; the windows are re-checked against the merged values. */
  async update(id: string, dto: UpdateLoadDto): Promise<LoadResponseDto> {
    if (Object.values(dto).every((value) => value === undefined)) {
      throw new RequestValidationException([{ field: 'body', messages: ['Provide at least one field to update'] }]);
    }
    const load = await this.events.transaction(async (manager, events) => {
      const load = await lockLoad(manager, id);
      assertEditableOrConflict(load.status, 'update');
      applyUpdate(load, dto);
      assertConsistentWindows({
        pickupStart: load.pickupWindowStart,
        pickupEnd: load.pickupWindowEnd,
        deliveryStart: load.deliveryWindowStart,
        deliveryEnd: load.deliveryWindowEnd,
      });
      try {
        await manager.save(load);
      } catch (error) {
        if (isUniqueViolation(error)) throw referenceTaken(load.reference);
        throw error;
      }
      const updated = await manager.findOneByOrFail(Load, { id });
      events.emit('load.updated', loadChanged(updated));
      return updated;
    });
    return toLoadResponse(load);
  }

  /** Only while posted: once a driver is on it, cancel instead. */
  async remove(id: string): Promise<void> {
    await this.events.transaction(async (manager, events) => {
      const load = await lockLoad(manager, id);
      assertEditableOrConflict(load.status, 'delete');
      await manager.delete(Load, { id });
      events.emit('load.deleted', loadChanged(load));
    });
  }
}

function applyUpdate(load: Load, dto: UpdateLoadDto): void {
  if (dto.reference !== undefined) load.reference = dto.reference;
  if (dto.origin) {
    load.originCity = dto.origin.city;
    load.originLat = dto.origin.lat;
    load.originLng = dto.origin.lng;
  }
  if (dto.destination) {
    load.destinationCity = dto.destination.city;
    load.destinationLat = dto.destination.lat;
    load.destinationLng = dto.destination.lng;
  }
  if (dto.pickupWindow) {
    load.pickupWindowStart = toInstant(dto.pickupWindow.start, 'pickupWindow.start');
    load.pickupWindowEnd = toInstant(dto.pickupWindow.end, 'pickupWindow.end');
  }
  if (dto.deliveryWindow) {
    load.deliveryWindowStart = toInstant(dto.deliveryWindow.start, 'deliveryWindow.start');
    load.deliveryWindowEnd = toInstant(dto.deliveryWindow.end, 'deliveryWindow.end');
  }
  if (dto.weightKg !== undefined) load.weightKg = dto.weightKg;
  if (dto.rateCents !== undefined) load.rateCents = dto.rateCents;
}

function assertConsistentWindows(windows: LoadWindows): LoadWindows {
  const problems = windowProblems(windows);
  if (problems.length) throw new RequestValidationException(problems);
  return windows;
}

/** The DTOs check the ISO format; this catches what parses as no instant at all. */
function toInstant(value: string, field: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new RequestValidationException([{ field, messages: [`${field} is not a valid date`] }]);
  return date;
}

function referenceTaken(reference: string): ConflictException {
  return new ConflictException(`A load with reference ${reference} already exists`);
}
