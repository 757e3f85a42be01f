import { KeyedDependency, QueryDependencies, queryValues } from '../cache/cache-dependency';
import type { CacheInvalidationMap } from '../cache/cache-invalidation.registry';
import { TimeRangeDependency } from '../cache/time-range-dependency';
import { createdSpanOf } from './load-list-span';
import type { LoadChangedEvent, LoadStatusChangedEvent } from './loads.events';

const HOUR_MS = 3_600_000;

/** What the loads' cached routes are built from. */
export const LoadsCache = {
  /**
   * The lists of one status filter value (`any` for lists with no status filter) whose
   * created_at range is unbounded above: page 1, and any list without a cursor or createdTo.
   * Every write of a load in that status moves it, since a new load can enter such a list.
   */
  byStatus: new KeyedDependency('loads-status'),
  /**
   * The lists of one status filter value over a bounded created_at range (a cursor page, a
   * createdTo filter): "loads-status-range:<status>:<level>.<index>", the range cut into dyadic
   * intervals of hours since the epoch (time-range-dependency.ts). An hour, because the writers
   * move loads created seconds ago while a page 2 ends a day or more back: only writes of loads
   * created in a page's own hours clear it, and the page's boundary hour is the only imprecision.
   * 22 levels: 2^21 hours reach past the year 2200, so no load's position is ever clamped.
   */
  byStatusCreated: new TimeRangeDependency('loads-status-range', { unitMs: HOUR_MS, levels: 21 }),
  /** The lists filtered on one driver. */
  byDriver: new KeyedDependency('loads-driver'),
  load: new KeyedDependency('load'),
};

const ANY_STATUS = 'any';

/**
 * A list's membership. Filtered on a driver, it can only change when a load of that driver
 * changes; otherwise, when a load of one of its statuses changes (or any load, unfiltered)
 * inside the list's created_at range: the whole status when the range is open above, else the
 * dyadic intervals of the range (at most 21 for a cursor page, 42 with createdFrom too).
 *
 * Why a bounded page misses no write: the page's rows, and the row after them that decides
 * nextCursor, all have created_at in [createdFrom, min(cursor, createdTo)], and whether a load
 * is among them depends only on its own status and created_at (created_at never changes). A
 * write that can change the page therefore changes a load whose old or new status is one of the
 * page's and whose created_at is in that range. The write moves, for both statuses and `any`,
 * the 22 intervals holding the load's hour; exactly one interval per level holds it, and the
 * page's decomposition holds the load's hour in one of its intervals, which is then one of
 * those 22: the page misses. (Writes of loads outside the range share no interval with it.)
 */
export const loadListMembership = new QueryDependencies((query) => {
  const drivers = queryValues(query, 'driverId');
  if (drivers.length > 0) return drivers.map((id) => LoadsCache.byDriver.of(id));
  const statuses = queryValues(query, 'status');
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
