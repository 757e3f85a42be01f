import { DynamicModule, Injectable, Module } from '@nestjs/common';
import type { DomainEventMap, DomainEventName, StagedEvent } from '../common/domain-events';

/**
 * A feature's own map from its domain events (and others' it depends on) to the cache
 * dependencies they change, built with the feature's declared dependencies.
 */
export type CacheInvalidationMap = { [K in DomainEventName]?: (payload: DomainEventMap[K]) => string[] };

/** Every feature's map, joined: the cache module knows no feature's events itself. */
@Injectable()
export class CacheInvalidationRegistry {
  private readonly byEvent = new Map<DomainEventName, Array<(payload: never) => string[]>>();

  register(map: CacheInvalidationMap): void {
    for (const [name, toDependencies] of Object.entries(map) as Array<[DomainEventName, (payload: never) => string[]]>) {
      const list = this.byEvent.get(name) ?? [];
      list.push(toDependencies);
      this.byEvent.set(name, list);
    }
  }

  /** The distinct dependencies a set of events changes. */
  dependenciesOf(events: StagedEvent[]): string[] {
    const dependencies = new Set<string>();
    for (const event of events) {
      for (const toDependencies of this.byEvent.get(event.name) ?? []) {
        for (const dependency of toDependencies(event.payload as never)) dependencies.add(dependency);
      }
    }
    return [...dependencies];
  }
}

/** `imports: [CacheInvalidations.forFeature('loads', loadsInvalidations)]` in a feature module. */
@Module({})
export class CacheInvalidations {
  static forFeature(feature: string, map: CacheInvalidationMap): DynamicModule {
    // A token per feature, so Nest keeps each feature's dynamic module apart.
    const token = `cache-invalidations:${feature}`;
    return {
      module: CacheInvalidations,
      providers: [
        {
          provide: token,
          inject: [CacheInvalidationRegistry],
          useFactory: (registry: CacheInvalidationRegistry) => registry.register(map),
        },
      ],
    };
  }
}
