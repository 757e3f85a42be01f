/** profile.updated */
export interface ProfileUpdatedEvent {
  userId: string;
}

declare module '../common/domain-events' {
  interface DomainEventMap {
    'profile.updated': ProfileUpdatedEvent;
  }
}
