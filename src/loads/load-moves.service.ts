import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuthUser } from '../auth/auth-user';
import { DomainEvents } from '../common/domain-events';
import { Driver } from '../drivers/driver.entity';
import { UserRole } from '../users/user-role';
import { LoadResponseDto } from './dto/load-response.dto';
import { nextStatusOrConflict } from './load-errors';
import { LoadLifecycle, LoadMove } from './load-lifecycle';
import { LoadStatus } from './load-status';
import { Load } from './load.entity';
import { toLoadResponse } from './load.mapper';
import type { LoadStatusChangedEvent } from './loads.events';
import { lockLoad } from './load-lock';

interface MoveOutcome {
  load: Load;
  event: LoadStatusChangedEvent;
}

const ACTIVE_STATUSES = [LoadStatus.Assigned, LoadStatus.InTransit];

/**
 * The lifecycle moves. Each runs in one transaction that locks the load row first, so two
 * moves of the same load serialise; driver availability changes in that same transaction.
 */
@Injectable()
export class LoadMovesService {
  constructor(private readonly events: DomainEvents) {}

  /**
   * Claims the driver with a conditional UPDATE: of two concurrent assignments of one driver,
   * the second waits on the driver row, then sees is_available = false and gets 409.
   */
  assign(id: string, driverId: string, actor: AuthUser): Promise<LoadResponseDto> {
    return this.move('load.assigned', async (manager) => {
      const load = await lockLoad(manager, id);
      const previousStatus = load.status;
      load.status = nextStatusOrConflict(previousStatus, LoadMove.Assign);
      const claim = await manager
        .createQueryBuilder()
        .update(Driver)
        .set({ isAvailable: false })
        .where('id = :driverId AND is_available = true', { driverId })
        .returning('user_id')
        .execute();
      if (!claim.affected) {
        const exists = await manager.exists(Driver, { where: { id: driverId } });
        if (!exists) throw new NotFoundException(`Driver ${driverId} not found`);
        throw new ConflictException(`Driver ${driverId} is not available`);
      }
      load.driverId = driverId;
      await manager.save(load);
      const driverUserId = (claim.raw as Array<{ user_id: string }>)[0].user_id;
      return outcome(manager, load, previousStatus, actor, driverUserId, true);
    });
  }

  pickup(id: string, actor: AuthUser): Promise<LoadResponseDto> {
    return this.move('load.status_changed', async (manager) => {
      const load = await lockLoad(manager, id);
      assertDriverMayMove(load, actor);
      const previousStatus = load.status;
      load.status = nextStatusOrConflict(previousStatus, LoadMove.Pickup);
      load.pickedUpAt = new Date();
      await manager.save(load);
      return outcome(manager, load, previousStatus, actor, await driverUserIdOf(manager, load.driverId), false);
    });
  }

  deliver(id: string, actor: AuthUser): Promise<LoadResponseDto> {
    return this.move('load.status_changed', async (manager) => {
      const load = await lockLoad(manager, id);
      assertDriverMayMove(load, actor);
      const previousStatus = load.status;
      load.status = nextStatusOrConflict(previousStatus, LoadMove.Deliver);
      load.deliveredAt = new Date();
      await manager.save(load);
      const freed = await releaseDriver(manager, load);
      return outcome(manager, load, previousStatus, actor, await driverUserIdOf(manager, load.driverId), freed);
    });
  }

  /** The driver (if any) stays recorded on the load, is told, and becomes available again. */
  cancel(id: string, actor: AuthUser): Promise<LoadResponseDto> {
    return this.move('load.status_changed', async (manager) => {
      const load = await lockLoad(manager, id);
      const previousStatus = load.status;
      load.status = nextStatusOrConflict(previousStatus, LoadMove.Cancel);
      load.cancelledAt = new Date();
      await manager.save(load);
      const freed = LoadLifecycle.holdsDriver(previousStatus) ? await releaseDriver(manager, load) : false;
      return outcome(manager, load, previousStatus, actor, await driverUserIdOf(manager, load.driverId), freed);
    });
  }

  /** Runs the move's transaction; its event is published after the commit. */
  private async move(
    eventName: 'load.assigned' | 'load.status_changed',
    work: (manager: EntityManager) => Promise<MoveOutcome>,
  ): Promise<LoadResponseDto> {
    // The response comes from inside the transaction, so an idempotent move records it there.
    return this.events.transaction(async (manager, events) => {
      const { load, event } = await work(manager);
      events.emit(eventName, event);
      return toLoadResponse(load);
    });
  }
}

/** Drivers may move only the loads assigned to them; admins and dispatchers any load. */
function assertDriverMayMove(load: Load, actor: AuthUser): void {
  if (actor.role === UserRole.Driver && (actor.driverId === null || load.driverId !== actor.driverId)) {
    throw new ForbiddenException('Only the driver assigned to this load, a dispatcher or an admin may do this');
  }
}

/**
 * Makes the load's driver available again, unless another active load still holds them
 * (possible if availability was set by hand). Returns whether availability changed.
 */
async function releaseDriver(manager: EntityManager, load: Load): Promise<boolean> {
  if (!load.driverId) return false;
  const result = await manager
    .createQueryBuilder()
    .update(Driver)
    .set({ isAvailable: true })
    .where('id = :driverId AND is_available = false', { driverId: load.driverId })
    .andWhere('NOT EXISTS (SELECT 1 FROM loads other WHERE other.driver_id = :driverId AND other.status IN (:...active) AND other.id <> :loadId)', {
      active: ACTIVE_STATUSES,
      loadId: load.id,
    })
    .execute();
  return (result.affected ?? 0) > 0;
}

async function driverUserIdOf(manager: EntityManager, driverId: string | null): Promise<string | null> {
  if (!driverId) return null;
  const driver = await manager.findOne(Driver, { where: { id: driverId }, select: { id: true, userId: true } });
  return driver?.userId ?? null;
}

async function outcome(
  manager: EntityManager,
  saved: Load,
  previousStatus: LoadStatus,
  actor: AuthUser,
  driverUserId: string | null,
  driverAvailabilityChanged: boolean,
): Promise<MoveOutcome> {
  // Re-read so the response carries the database's updated_at.
  const load = await manager.findOneByOrFail(Load, { id: saved.id });
  return {
    load,
    event: {
      loadId: load.id,
      reference: load.reference,
      createdById: load.createdById,
      previousStatus,
      status: load.status,
      driverId: load.driverId,
      createdAt: load.createdAt,
      driverUserId,
      driverAvailabilityChanged,
      actorUserId: actor.id,
    },
  };
}
