import { CollectionDependency } from '../cache/cache-dependency';
import type { CacheInvalidationMap } from '../cache/cache-invalidation.registry';

/** What the analytics summary is built from: every load and driver. */
export const AnalyticsCache = {
  summary: new CollectionDependency('analytics'),
};

const summary = () => [AnalyticsCache.summary.key];

export const analyticsInvalidations: CacheInvalidationMap = {
  'load.created': summary,
  'load.updated': summary,
  'load.deleted': summary,
  'load.assigned': summary,
  'load.status_changed': summary,
  'driver.changed': summary,
};
