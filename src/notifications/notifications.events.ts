/** notification.created and notification.read */
export interface NotificationsChangedEvent {
  userIds: string[];
}

declare module '../common/domain-events' {
  interface DomainEventMap {
    'notification.created': NotificationsChangedEvent;
    'notification.read': NotificationsChangedEvent;
  }
}
