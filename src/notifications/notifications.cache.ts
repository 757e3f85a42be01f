import { KeyedDependency } from '../cache/cache-dependency';
import type { CacheInvalidationMap } from '../cache/cache-invalidation.registry';
import type { NotificationsChangedEvent } from './notifications.events';

/** What a user's cached notification lists are built from. */
export const NotificationsCache = {
  inbox: new KeyedDependency('notifications'),
};

const inboxes = (event: NotificationsChangedEvent) => [...new Set(event.userIds)].map((id) => NotificationsCache.inbox.of(id));

export const notificationsInvalidations: CacheInvalidationMap = {
  'notification.created': inboxes,
  'notification.read': inboxes,
};
