import { LatencySummary, summarizeLatencies } from '../stats';
import type { Verdict } from './freshness';
import type { Exchange } from './fleet-http';

/** What a route promises about freshness: exact, bounded (seconds), or none for writes. */
export type Contract = 'exact' | 'bounded' | 'write';

/** Every route the fleet uses, by template, with its contract (README of issue 11). */
export const FLEET_ROUTES = {
  loadsByStatus: { route: 'GET /api/loads?status=…', contract: 'exact' },
  loadsPage2: { route: 'GET /api/loads?status=…&cursor=…', contract: 'exact' },
  loadDetail: { route: 'GET /api/loads/:id', contract: 'exact' },
  availableDrivers: { route: 'GET /api/drivers?isAvailable=true', contract: 'exact' },
  notifications: { route: 'GET /api/notifications', contract: 'exact' },
  analytics: { route: 'GET /api/analytics', contract: 'bounded' },
  ownLoads: { route: 'GET /api/loads?driverId=…&status=assigned,in_transit', contract: 'exact' },
  profile: { route: 'GET /api/profile', contract: 'exact' },
  location: { route: 'PATCH /api/drivers/:id/location', contract: 'write' },
  create: { route: 'POST /api/loads', contract: 'write' },
  assign: { route: 'POST /api/loads/:id/assign', contract: 'write' },
  pickup: { route: 'POST /api/loads/:id/pickup', contract: 'write' },
  deliver: { route: 'POST /api/loads/:id/deliver', contract: 'write' },
  cancel: { route: 'POST /api/loads/:id/cancel', contract: 'write' },
} as const satisfies Record<string, { route: string; contract: Contract }>;

export type FleetRoute = keyof typeof FLEET_ROUTES;

export const LIFECYCLE_ROUTES: readonly FleetRoute[] = ['create', 'assign', 'pickup', 'deliver', 'cancel'];

export interface RouteSummary {
  name: FleetRoute;
  route: string;
  contract: Contract;
  requests: number;
  perSecond: number;
  /** Hits over responses that carried a cache header; null when none did (a write, or cache off without headers). */
  hitRatePct: number | null;
  cache: { hit: number; miss: number; bypass: number; none: number };
  latencyMs: LatencySummary;
  statusCodes: Record<string, number>;
  /** Non-2xx and no-response answers, less the expected ones. */
  errors: number;
  /** 409 from a lifecycle move that lost a race: expected, not an error. */
  expectedConflicts: number;
  /** Reads judged against a tracked write, and how many of them were stale under the route's contract. */
  freshnessChecks: number;
  staleReads: number;
  /** Driver positions shown in lists (telemetry, bounded at 60 s): reads judged, and older than that. */
  positionChecks: number;
  positionViolations: number;
}

const MAX_PROBLEMS = 20;

/** Collects every exchange of the run, per route. */
export class FleetTally {
  private readonly routes = new Map<FleetRoute, RouteSummary & { latencies: number[] }>();
  readonly problems: string[] = [];

  private route(name: FleetRoute): RouteSummary & { latencies: number[] } {
    let entry = this.routes.get(name);
    if (!entry) {
      entry = {
        name,
        route: FLEET_ROUTES[name].route,
        contract: FLEET_ROUTES[name].contract,
        requests: 0,
        perSecond: 0,
        hitRatePct: null,
        cache: { hit: 0, miss: 0, bypass: 0, none: 0 },
        latencyMs: summarizeLatencies([]),
        statusCodes: {},
        errors: 0,
        expectedConflicts: 0,
        freshnessChecks: 0,
        staleReads: 0,
        positionChecks: 0,
        positionViolations: 0,
        latencies: [],
      };
      this.routes.set(name, entry);
    }
    return entry;
  }

  /** Counts one exchange; `expected409` marks a lifecycle move whose 409 is a lost race. */
  record(name: FleetRoute, exchange: Exchange<unknown>, options: { expected409?: boolean } = {}): void {
    const entry = this.route(name);
    entry.requests++;
    entry.latencies.push(exchange.endedAt - exchange.startedAt);
    const code = exchange.status === 0 ? 'no response' : String(exchange.status);
    entry.statusCodes[code] = (entry.statusCodes[code] ?? 0) + 1;
    entry.cache[exchange.cache]++;
    if (exchange.status >= 200 && exchange.status < 300) return;
    if (exchange.status === 409 && options.expected409) {
      entry.expectedConflicts++;
      return;
    }
    entry.errors++;
    this.problem(`${entry.route} answered ${exchange.status || 'nothing'} ${exchange.error ?? ''}`.trim());
  }

  /** Counts one freshness verdict of a read of this route. */
  judged(name: FleetRoute, verdict: Verdict, what: string): void {
    if (verdict.kind === 'unconstrained') return;
    const entry = this.route(name);
    entry.freshnessChecks++;
    if (verdict.kind === 'stale') {
      entry.staleReads++;
      this.problem(`stale read: ${entry.route} showed ${what} as ${verdict.observed}, expected ${verdict.expected}`);
    }
  }

  /** Counts one position shown by a read (bounded telemetry, not part of the exact checks). */
  position(name: FleetRoute, verdict: Verdict, driverId: string): void {
    if (verdict.kind === 'unconstrained') return;
    const entry = this.route(name);
    entry.positionChecks++;
    if (verdict.kind === 'stale') {
      entry.positionViolations++;
      this.problem(`position older than its bound: ${entry.route} showed driver ${driverId} at ${verdict.observed}`);
    }
  }

  private problem(description: string): void {
    if (this.problems.length < MAX_PROBLEMS) this.problems.push(description);
  }

  /** Per route, in the order of FLEET_ROUTES, over the run's elapsed seconds. */
  summaries(elapsedSeconds: number): RouteSummary[] {
    const order = Object.keys(FLEET_ROUTES) as FleetRoute[];
    return order
      .filter((name) => this.routes.has(name))
      .map((name) => {
        const { latencies, ...entry } = this.routes.get(name)!;
        const labelled = entry.cache.hit + entry.cache.miss + entry.cache.bypass;
        return {
          ...entry,
          perSecond: elapsedSeconds > 0 ? round2(entry.requests / elapsedSeconds) : 0,
          hitRatePct: entry.contract === 'write' || labelled === 0 ? null : round2((entry.cache.hit / labelled) * 100),
          latencyMs: summarizeLatencies(latencies),
        };
      });
  }

  /** Latencies of every read, for the aggregate percentiles. */
  readLatencies(): number[] {
    return [...this.routes.values()].filter((r) => r.contract !== 'write').flatMap((r) => r.latencies);
  }
}

export const round2 = (value: number): number => Math.round(value * 100) / 100;
