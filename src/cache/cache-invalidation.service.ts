import { Inject, Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import {
  DomainEvent,
  DriverChangedEvent,
  LoadChangedEvent,
  LoadStatusChangedEvent,
  NotificationsChangedEvent,
  ProfileUpdatedEvent,
  RouteChangedEvent,
} from '../common/domain-events';
import { CacheDependency } from './cache-policy.decorator';
import { RESPONSE_STORE, ResponseStore } from './stores/response-store';

// emitAsync awaits these listeners, so invalidation is done before the write's response leaves.
const AWAITED = { async: false, promisify: true, suppressErrors: false } as const;

/**
 * Clears exactly the cached responses that depend on the data an event changed, and
 * leaves everything else cached. A failure never fails the write: the store replays it
 * when Redis is back, and bypasses itself meanwhile.
 */
@Injectable()
export class CacheInvalidationService {
  private readonly logger = new Logger('CacheInvalidation');

  constructor(@Inject(RESPONSE_STORE) private readonly store: ResponseStore) {}

  @OnEvent(DomainEvent.LoadCreated, AWAITED)
  onLoadCreated(): Promise<void> {
    return this.clear([CacheDependency.loads, CacheDependency.analytics]);
  }

  @OnEvent(DomainEvent.LoadUpdated, AWAITED)
  onLoadUpdated(event: LoadChangedEvent): Promise<void> {
    return this.clear([CacheDependency.loads, CacheDependency.load(event.loadId), CacheDependency.analytics]);
  }

  @OnEvent(DomainEvent.LoadDeleted, AWAITED)
  onLoadDeleted(event: LoadChangedEvent): Promise<void> {
    // The load's route plans went with it (ON DELETE CASCADE) and their ids are unknown here,
    // so every route detail is cleared through routeDetails: a generation bump like any other,
    // which also stops a GET that read a deleted route from storing it. Deletes are rare.
    return this.clear([
      CacheDependency.loads,
      CacheDependency.load(event.loadId),
      CacheDependency.analytics,
      CacheDependency.routes,
      CacheDependency.routeDetails,
    ]);
  }

  // One decorator per event: EventEmitter2 reads an array as one event's name segments,
  // so @OnEvent([a, b]) would subscribe to an event named "a,b" that is never emitted.
  @OnEvent(DomainEvent.LoadAssigned, AWAITED)
  @OnEvent(DomainEvent.LoadStatusChanged, AWAITED)
  onLoadStatusChanged(event: LoadStatusChangedEvent): Promise<void> {
    const dependencies = [CacheDependency.loads, CacheDependency.load(event.loadId), CacheDependency.analytics];
    if (event.driverAvailabilityChanged && event.driverId) {
      dependencies.push(CacheDependency.drivers, CacheDependency.driver(event.driverId));
    }
    return this.clear(dependencies);
  }

  @OnEvent(DomainEvent.DriverChanged, AWAITED)
  onDriverChanged(event: DriverChangedEvent): Promise<void> {
    // The linked user's profile shows its driverId, which a created or deleted driver changes.
    return this.clear([
      CacheDependency.drivers,
      CacheDependency.driver(event.driverId),
      CacheDependency.analytics,
      CacheDependency.profile(event.userId),
    ]);
  }

  @OnEvent(DomainEvent.RouteChanged, AWAITED)
  onRouteChanged(event: RouteChangedEvent): Promise<void> {
    return this.clear([CacheDependency.routes, CacheDependency.route(event.routeId)]);
  }

  @OnEvent(DomainEvent.NotificationCreated, AWAITED)
  @OnEvent(DomainEvent.NotificationRead, AWAITED)
  onNotificationsChanged(event: NotificationsChangedEvent): Promise<void> {
    return this.clear([...new Set(event.userIds)].map(CacheDependency.notifications));
  }

  @OnEvent(DomainEvent.ProfileUpdated, AWAITED)
  onProfileUpdated(event: ProfileUpdatedEvent): Promise<void> {
    return this.clear([CacheDependency.profile(event.userId)]);
  }

  private clear(dependencies: string[]): Promise<void> {
    return this.guard(() => this.store.invalidate(dependencies));
  }

  private async guard(work: () => Promise<number>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.logger.warn(`Invalidation deferred until the cache store is back: ${(error as Error).message}`);
    }
  }
}
