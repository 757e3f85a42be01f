import type { LatencySummary } from '../stats';
import type { RouteSummary } from './route-tally';

/** What `npm run load-test -- --scenario fleet --json` prints. */
export interface FleetReport {
  tool: 'freight-api load test: fleet';
  /** The command line that repeats this run. */
  command: string;
  startedAt: string;
  finishedAt: string;
  config: {
    apiUrl: string;
    durationSeconds: number;
    dispatchers: number;
    dispatcherIntervalMs: number;
    drivers: number;
    locationIntervalMs: number;
    driverReadIntervalMs: number;
    writers: number;
    writesPerSecond: number;
    seed: number;
    distinctLogins: { dispatchers: number; drivers: number };
  };
  /** From the first request to the last actor stopping (writers finish their cycle). */
  elapsedSeconds: number;
  routes: RouteSummary[];
  /** offeredPerSecond: what the actors would send if every answer came at once (closed loop: a slow API gets less). */
  reads: { requests: number; perSecond: number; offeredPerSecond: number; hitRatePct: number | null; latencyMs: LatencySummary };
  writes: { requests: number; perSecond: number; offeredPerSecond: number; lifecycle: number; location: number };
  /** Non-2xx or no answer, other than the expected 409s of lifecycle races. */
  errors: number;
  expectedConflicts: number;
  freshness: { checks: number; staleReads: number; positionChecks: number; positionViolations: number };
  /** Transactions of the API's database over the run (pg_stat_database); null without --database-url. */
  postgres: { database: string; transactions: number; perSecond: number } | null;
  /** The first stale reads and errors, described. */
  problems: string[];
  /** No errors and no stale reads (positions are reported, not judged here). */
  passed: boolean;
  reportFile: string;
}
