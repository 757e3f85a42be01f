import { LoadStatus } from '../loads/load-status';

/**
 * Domain events. Services emit them with `await events.emitAsync(...)` only after their
 * transaction has committed, so listeners (notifications, cache invalidation) finish before
 * the mutation's response is sent.
 */
export const DomainEvent = {
  LoadCreated: 'load.created',
  LoadUpdated: 'load.updated',
  LoadAssigned: 'load.assigned',
  LoadStatusChanged: 'load.status_changed',
  LoadDeleted: 'load.deleted',
  DriverChanged: 'driver.changed',
  RouteChanged: 'route.changed',
  NotificationCreated: 'notification.created',
  NotificationRead: 'notification.read',
  ProfileUpdated: 'profile.updated',
} as const;

export type DomainEventName = (typeof DomainEvent)[keyof typeof DomainEvent];

/** load.created, load.updated, load.deleted */
export interface LoadChangedEvent {
  loadId: string;
  reference: string;
  createdById: string;
}

/** load.assigned and load.status_changed (assign, pickup, deliver, cancel). */
export interface LoadStatusChangedEvent extends LoadChangedEvent {
  previousStatus: LoadStatus;
  status: LoadStatus;
  /** The driver on the load after the move (null when none). */
  driverId: string | null;
  /** The driver's user account, to notify. */
  driverUserId: string | null;
  /** True when the move changed a driver's isAvailable (assign, deliver, cancel of an assigned load). */
  driverAvailabilityChanged: boolean;
  /** Who made the move. */
  actorUserId: string;
}

/** driver.changed: created, updated, deleted, location or availability changed. */
export interface DriverChangedEvent {
  driverId: string;
  userId: string;
}

/** route.changed: a route plan created, updated or deleted. */
export interface RouteChangedEvent {
  routeId: string;
  loadId: string;
}

/** notification.created and notification.read */
export interface NotificationsChangedEvent {
  userIds: string[];
}

/** profile.updated */
export interface ProfileUpdatedEvent {
  userId: string;
}
