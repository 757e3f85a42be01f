import { performance } from 'node:perf_hooks';
import { resolve } from 'node:path';
import { ApiClient } from '../api-client';
import { summarizeLatencies } from '../stats';
import { fleetSessions } from './accounts';
import { Dispatcher } from './dispatcher';
import { DriverActor } from './driver-actor';
import { AnalyticsBody, createdInRange, FleetContext } from './fleet-context';
import { FleetHttp } from './fleet-http';
import { fleetCommandLine, FleetOptions } from './fleet-options';
import type { FleetReport } from './fleet-report';
import { FreshnessLedger } from './freshness';
import { LifecycleWriter, planWriterLanes } from './lifecycle-writer';
import { PgTransactions } from './pg-transactions';
import { FleetTally, LIFECYCLE_ROUTES, round2 } from './route-tally';

export function defaultFleetReportFile(startedAt: Date): string {
  return resolve('reports', `fleet-${startedAt.toISOString().replace(/[:.]/g, '-')}.md`);
}

/** Runs the fleet against a running API and returns its report (the caller prints and writes it). */
export async function runFleet(options: FleetOptions, log: (line: string) => void): Promise<FleetReport> {
  const startedAt = new Date();
  const timeoutMs = options.timeoutSeconds * 1000;
  const sessions = await fleetSessions(new ApiClient(options.apiUrls[0], timeoutMs), options);
  log(
    `Logged in ${new Set(sessions.dispatchers.map((s) => s.email)).size} dispatchers and ${new Set(sessions.drivers.map((s) => s.email)).size} drivers`,
  );
  const ctx: FleetContext = {
    // Logins go to the first URL (the tokens are valid on every instance); the traffic to all of them.
    http: new FleetHttp(options.apiUrls, timeoutMs),
    tally: new FleetTally(),
    ledger: new FreshnessLedger(),
    endAt: Number.POSITIVE_INFINITY,
    recentLoads: [],
    reportsByDriver: new Map(),
  };
  const lanes = sessions.writers.length ? await planWriterLanes(ctx, sessions.writers[0], sessions.drivers, sessions.writers.length) : [];
  if (sessions.dispatchers.length) {
    // Not counted: the baseline of analytics' bounded check (a cached, older figure only makes it lenient).
    const baseline = await ctx.http.send<AnalyticsBody>('GET', '/api/analytics', sessions.dispatchers[0].token);
    if (baseline.status === 200 && baseline.body) ctx.analyticsBaseline = { total: createdInRange(baseline.body), to: baseline.body.to };
  }

  const pg = options.databaseUrl ? await PgTransactions.connect(options.databaseUrl) : undefined;
  try {
    if (pg) log(`Waiting for pg_stat_database of ${pg.database} to settle...`);
    const transactionsBefore = await pg?.settled();
    log(`Running the fleet for ${options.durationSeconds} s...`);
    const start = performance.now();
    ctx.endAt = start + options.durationSeconds * 1000;
    const writeEveryMs = options.writers ? (1000 * options.writers) / options.writesPerSecond : 0;
    const actors: Array<Promise<unknown>> = [
      ...sessions.dispatchers.map((session, i) =>
        new Dispatcher(ctx, session, options.seed * 1000 + i).run(
          start + (i * options.dispatcherIntervalMs) / sessions.dispatchers.length,
          options.dispatcherIntervalMs,
        ),
      ),
      ...sessions.drivers.map((session, i) =>
        new DriverActor(ctx, session, i).run(
          start + (i * options.locationIntervalMs) / sessions.drivers.length,
          options.locationIntervalMs,
          start + (i * options.driverReadIntervalMs) / sessions.drivers.length,
          options.driverReadIntervalMs,
        ),
      ),
      ...lanes.map((lane, i) => new LifecycleWriter(ctx, sessions.writers[i], lane).run(start + (i * writeEveryMs) / lanes.length, writeEveryMs)),
    ];
    await Promise.all(actors);
    const elapsedSeconds = (performance.now() - start) / 1000;
    if (pg) log('Traffic done; waiting for pg_stat_database to settle...');
    const transactionsAfter = await pg?.settled();

    const routes = ctx.tally.summaries(elapsedSeconds);
    const reads = routes.filter((r) => r.contract !== 'write');
    const writes = routes.filter((r) => r.contract === 'write');
    const sum = (list: typeof routes, pick: (r: (typeof routes)[number]) => number) => list.reduce((total, r) => total + pick(r), 0);
    const labelled = sum(reads, (r) => r.cache.hit + r.cache.miss + r.cache.bypass);
    const readCount = sum(reads, (r) => r.requests);
    const writeCount = sum(writes, (r) => r.requests);
    const errors = sum(routes, (r) => r.errors);
    const staleReads = sum(routes, (r) => r.staleReads);
    const transactions =
      pg && transactionsBefore !== undefined && transactionsAfter !== undefined ? transactionsAfter - transactionsBefore : undefined;
    return {
      tool: 'freight-api load test: fleet',
      command: fleetCommandLine(options),
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      config: {
        apiUrl: options.apiUrl,
        durationSeconds: options.durationSeconds,
        dispatchers: options.dispatchers,
        dispatcherIntervalMs: options.dispatcherIntervalMs,
        drivers: options.drivers,
        locationIntervalMs: options.locationIntervalMs,
        driverReadIntervalMs: options.driverReadIntervalMs,
        writers: lanes.length,
        writesPerSecond: options.writesPerSecond,
        seed: options.seed,
        distinctLogins: {
          dispatchers: new Set([...sessions.dispatchers, ...sessions.writers].map((s) => s.email)).size,
          drivers: new Set(sessions.drivers.map((s) => s.email)).size,
        },
      },
      elapsedSeconds: round2(elapsedSeconds),
      routes,
      reads: {
        requests: readCount,
        perSecond: round2(readCount / elapsedSeconds),
        offeredPerSecond: round2(
          (sessions.dispatchers.length * 1000) / options.dispatcherIntervalMs + (sessions.drivers.length * 1000) / options.driverReadIntervalMs,
        ),
        hitRatePct: labelled === 0 ? null : round2((sum(reads, (r) => r.cache.hit) / labelled) * 100),
        latencyMs: summarizeLatencies(ctx.tally.readLatencies()),
      },
      writes: {
        requests: writeCount,
        perSecond: round2(writeCount / elapsedSeconds),
        offeredPerSecond: round2((sessions.drivers.length * 1000) / options.locationIntervalMs + (lanes.length ? options.writesPerSecond : 0)),
        lifecycle: sum(
          writes.filter((r) => LIFECYCLE_ROUTES.includes(r.name)),
          (r) => r.requests,
        ),
        location: sum(
          writes.filter((r) => r.name === 'location'),
          (r) => r.requests,
        ),
      },
      errors,
      expectedConflicts: sum(routes, (r) => r.expectedConflicts),
      freshness: {
        checks: sum(routes, (r) => r.freshnessChecks),
        staleReads,
        positionChecks: sum(routes, (r) => r.positionChecks),
        positionViolations: sum(routes, (r) => r.positionViolations),
      },
      postgres: pg && transactions !== undefined ? { database: pg.database, transactions, perSecond: round2(transactions / elapsedSeconds) } : null,
      problems: [...ctx.tally.problems],
      passed: errors === 0 && staleReads === 0,
      reportFile: resolve(options.reportFile ?? defaultFleetReportFile(startedAt)),
    };
  } finally {
    await pg?.close();
  }
}
