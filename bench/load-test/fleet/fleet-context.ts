import type { FreshnessLedger, ReadWindow } from './freshness';
import type { FleetHttp } from './fleet-http';
import type { FleetRoute, FleetTally } from './route-tally';

/** What every actor of one run shares. */
export interface FleetContext {
  http: FleetHttp;
  tally: FleetTally;
  ledger: FreshnessLedger;
  /** performance.now() at which actors stop starting new work. */
  endAt: number;
  /** Ids of loads the writers created, newest last: dispatchers open their details. */
  recentLoads: string[];
  /** Position reports so far per driver id (several actors may share a driver), for unique positions. */
  reportsByDriver: Map<string, number>;
  /** Analytics' count of loads created in its default range, read before the writers start. */
  analyticsBaseline?: { total: number; to: string };
}

export const RECENT_LOADS_KEPT = 40;
/** Telemetry (driver positions) and analytics: at most this old (issue 11). */
export const BOUNDED_FRESHNESS_MS = 60_000;
export const ANALYTICS_CREATED = 'analytics:created';

export const loadEntity = (id: string) => `load:${id}`;
export const driverEntity = (id: string) => `driver:${id}`;
export const positionEntity = (driverId: string) => `position:${driverId}`;
export const notificationsOf = (userId: string) => `notifications:${userId}`;

/** How a position reads in the ledger: both sides format the same doubles the same way. */
export function positionKey(location: { lat: number; lng: number } | null | undefined): string {
  return location ? `${location.lat.toFixed(6)},${location.lng.toFixed(6)}` : 'none';
}

export interface LoadRow {
  id: string;
  status: string;
  driverId: string | null;
  updatedAt: string;
}
export interface DriverRow {
  id: string;
  userId: string;
  isAvailable: boolean;
  location: { lat: number; lng: number; updatedAt: string } | null;
}
export interface NotificationRow {
  id: string;
  type: string;
  loadId: string | null;
}
export interface PageOf<T> {
  data: T[];
  nextCursor: string | null;
  limit: number;
}

/**
 * Judges the load rows a read showed. In a status-filtered list, a row claims one of the
 * filter's statuses (a row whose status left the filter is still a stale membership).
 */
export function observeLoads(ctx: FleetContext, route: FleetRoute, rows: readonly LoadRow[], read: ReadWindow, filter?: readonly string[]): void {
  for (const row of rows) {
    const entity = loadEntity(row.id);
    if (!ctx.ledger.tracks(entity)) continue;
    const claimed = filter && !filter.includes(row.status) ? filter : [row.status];
    ctx.tally.judged(route, ctx.ledger.judge(entity, claimed, read), `load ${row.id}`);
  }
}

/** Availability is exact; the position is telemetry with a bounded freshness, judged apart. */
export function observeDrivers(ctx: FleetContext, route: FleetRoute, rows: readonly DriverRow[], read: ReadWindow, listedAs?: boolean): void {
  for (const row of rows) {
    const shown = listedAs ?? row.isAvailable;
    ctx.tally.judged(route, ctx.ledger.judge(driverEntity(row.id), shown ? 'available' : 'busy', read), `driver ${row.id}`);
    const position = ctx.ledger.judge(positionEntity(row.id), positionKey(row.location), read, { toleranceMs: BOUNDED_FRESHNESS_MS });
    ctx.tally.position(route, position, row.id);
  }
}

export function observeNotifications(ctx: FleetContext, userId: string, page: PageOf<NotificationRow>, read: ReadWindow): void {
  const keys = page.data.map((n) => `${n.loadId}:${n.type}`);
  ctx.tally.judged('notifications', ctx.ledger.judgeFirstPage(notificationsOf(userId), keys, page.limit, read), `notifications of ${userId}`);
}

export interface AnalyticsBody {
  to: string;
  loadsByStatus: Record<string, number>;
}

export function createdInRange(body: AnalyticsBody): number {
  return Object.values(body.loadsByStatus).reduce((sum, n) => sum + n, 0);
}

/** Analytics is bounded: the loads created in its range must include every create settled 60 s before the read. */
export function observeAnalytics(ctx: FleetContext, body: AnalyticsBody, read: ReadWindow): void {
  const baseline = ctx.analyticsBaseline;
  // A new UTC day moves the range, and the baseline no longer applies.
  if (!baseline || body.to !== baseline.to) return;
  const verdict = ctx.ledger.judgeAtLeast(ANALYTICS_CREATED, createdInRange(body), baseline.total, read, { toleranceMs: BOUNDED_FRESHNESS_MS });
  ctx.tally.judged('analytics', verdict, 'loads created in range');
}
