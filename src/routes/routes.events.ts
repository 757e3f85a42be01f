/** route.changed: a route plan created, updated or deleted. */
export interface RouteChangedEvent {
  routeId: string;
  loadId: string;
}

declare module '../common/domain-events' {
  interface DomainEventMap {
    'route.changed': RouteChangedEvent;
  }
}
