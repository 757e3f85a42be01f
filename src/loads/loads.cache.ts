import { KeyedDependency, QueryDependencies, queryValues } from '../cache/cache-dependency';
import type { CacheInvalidationMap } from '../cache/cache-invalidation.registry';
import { TimeRangeDependency } from '../cache/time-range-dependency';
import { createdSpanOf } from './load-list-span';
import { LoadStatus } from './load-status';
import type { LoadChangedEvent, LoadStatusChangedEvent } from './loads.events';

const HOUR_MS = 3_600_000;

/**
 * The lists of one status filter value (`any` for lists with no status filter) whose created_at
 * range is unbounded above: page 1, and any list without a cursor or createdTo. Every write of a
 * load in that status moves it, since a new load can enter such a list.
 */
const byStatus = new KeyedDependency('loads-status');

/** What the loads' cached routes are built from. */
export const LoadsCache = {
  byStatus,
  /**
   * The lists of one status filter value over a bounded created_at range (a cursor page, a
   * createdTo filter): "loads-status:<status>:<level>.<index>", the range cut into dyadic
   * intervals of hours since the epoch (time-range-dependency.ts), in the hash slot of
   * "loads-status:<status>". An hour, because the writers move loads created seconds ago while
   * a page 2 ends a day or more back: only writes of loads created in a page's own hours clear
   * it, and the page's boundary hour is the only imprecision. 21 levels (22 intervals per
   * position): 2^21 hours reach past the year 2200, so no load's position is ever clamped.
   */
  byStatusCreated: new TimeRangeDependency(byStatus, { unitMs: HOUR_MS, levels: 21 }),
  /** The lists filtered on one driver. */
  byDriver: new KeyedDependency('loads-driver'),
  load: new KeyedDependency('load'),
};

const ANY_STATUS = 'any';
const STATUSES: ReadonlySet<string> = new Set(Object.values(LoadStatus));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A list's membership. Filtered on a driver, it can only change when a load of that driver
 * changes; otherwise, when a load of one of its statuses changes (or any load, unfiltered)
 * inside the list's created_at range: the whole status when the range is open above, else the
 * dyadic intervals of the range (at most 21 for a cursor page, 42 with createdFrom too).
 *
 * Why a bounded page misses no write: the page is the first limit + 1 rows, newest first (the
 * extra one decides nextCursor), of the set of loads of its statuses with created_at in
 * R = [createdFrom, min(cursor, createdTo)]. It can only change when a load enters or leaves
 * that set, or a load in it changes: each is a write of a load whose old or new status is one
 * of the page's (any status, unfiltered) and whose created_at, which never changes, is in R.
 * That write moves, for the old and the new status and `any`, the 22 intervals holding the
 * load's hour, one per level. R's hours are cut into disjoint intervals, one of which holds the
 * load's hour; being dyadic, it is the one of its level among those 22: the page misses.
 * A load created outside R's hours shares no interval with R, so its writes leave the page
 * cached (dyadic-intervals.spec.ts and loads.cache.spec.ts check both properties).
 */
export const loadListMembership = new QueryDependencies((query) => {
  const drivers = queryValues(query, 'driverId');
  // Resolved before validation: a query the handler refuses (400) gets one key, not one per
  // junk value (it caches nothing, and must not make thousands of generations).
  const invalid = [ANY_STATUS].map((status) => LoadsCache.byStatus.of(status));
  if (drivers.length > 0) return drivers.length === 1 && UUID.test(drivers[0]) ? [LoadsCache.byDriver.of(drivers[0])] : invalid;
  const statuses = queryValues(query, 'status');
  if (statuses.some((status) => !STATUSES.has(status))) return invalid;
  const filtered = statuses.length > 0 ? statuses : [ANY_STATUS];
  const span = createdSpanOf(query);
  if (!span) return filtered.map((status) => LoadsCache.byStatus.of(status));
  return filtered.flatMap((status) => LoadsCache.byStatusCreated.covering(status, span.to, span.from));
});

/**
 * The lists a load was or is a member of, and its own detail: for each of its statuses and
 * `any`, the lists open above and the ranged lists whose range holds its created_at.
 */
function membership(event: LoadChangedEvent, statuses: string[]): string[] {
  return [
    LoadsCache.load.of(event.loadId),
    ...[ANY_STATUS, ...statuses].flatMap((status) => [
      LoadsCache.byStatus.of(status),
      ...LoadsCache.byStatusCreated.containing(status, event.createdAt),
    ]),
    ...(event.driverId ? [LoadsCache.byDriver.of(event.driverId)] : []),
  ];
}

const changed = (event: LoadChangedEvent) => membership(event, [event.status]);
const moved = (event: LoadStatusChangedEvent) => membership(event, [event.previousStatus, event.status]);

export const loadsInvalidations: CacheInvalidationMap = {
  'load.created': changed,
  'load.updated': changed,
  'load.deleted': changed,
  'load.assigned': moved,
  'load.status_changed': moved,
};
