import { FleetSide, transactionsPerRequest } from './compare';

/** One side of a scale-out comparison (`--compare instances|replica`): its label names what differs. */
export interface LabelledSide extends FleetSide {
  label: string;
  /** PostgreSQL read-only query runners during the run, "target (reason)" -> count (db_reads_total). */
  dbReads?: Record<string, number>;
  /** CPU seconds per second of the process running the fleet (the load generator shares the cores). */
  loadGeneratorCpuPerSecond?: number;
}

const fixed = (value: number | null | undefined, digits = 1) => (value === null || value === undefined ? '—' : value.toFixed(digits));
const pct = (value: number | null | undefined) => (value === null || value === undefined ? '—' : `${value.toFixed(1)}%`);
const ratio = (b: number | null | undefined, a: number | null | undefined): string =>
  a === null || a === undefined || b === null || b === undefined || a === 0 ? '—' : (b / a).toFixed(2);

/** The checks that hold whatever the machine: nothing stale, nothing failed. */
export function scaleChecksPass(a: FleetSide, b: FleetSide): boolean {
  return [a, b].every((side) => side.report.freshness.staleReads === 0 && side.report.errors === 0);
}

/**
 * Totals side by side with B/A. Reads/s carried is the figure: in a closed loop a side carries
 * what it can of the offered load, so more capacity shows as more reads/s only when A saturates.
 */
export function scaleComparisonMarkdown(a: LabelledSide, b: LabelledSide): string {
  const x = a.report;
  const y = b.report;
  const row = (label: string, u: number | null | undefined, v: number | null | undefined, digits = 1) =>
    `| ${label} | ${fixed(u, digits)} | ${fixed(v, digits)} | ${ratio(v, u)} |`;
  const carried = (side: LabelledSide) =>
    side.report.reads.offeredPerSecond > 0 ? Math.round((100 * side.report.reads.perSecond) / side.report.reads.offeredPerSecond) : 100;
  const reads = (side: LabelledSide) =>
    side.dbReads && Object.keys(side.dbReads).length
      ? Object.entries(side.dbReads)
          .map(([target, n]) => `${target} ${n}`)
          .join(', ')
      : '—';
  return [
    `| total | ${a.label} | ${b.label} | B/A |`,
    '| --- | ---: | ---: | ---: |',
    row(`reads/s carried (offered ${x.reads.offeredPerSecond})`, x.reads.perSecond, y.reads.perSecond),
    `| share of offered reads carried | ${carried(a)}% | ${carried(b)}% | |`,
    row('read p50 ms', x.reads.latencyMs.p50, y.reads.latencyMs.p50),
    row('read p95 ms', x.reads.latencyMs.p95, y.reads.latencyMs.p95),
    `| read hit rate | ${pct(x.reads.hitRatePct)} | ${pct(y.reads.hitRatePct)} | |`,
    row(`writes/s, lifecycle + positions (offered ${x.writes.offeredPerSecond})`, x.writes.perSecond, y.writes.perSecond),
    row('PostgreSQL tx/s (primary)', x.postgres?.perSecond, y.postgres?.perSecond),
    row('PostgreSQL tx per request (primary)', transactionsPerRequest(x), transactionsPerRequest(y), 2),
    row('API CPU s/s (all instances)', a.apiCpuPerSecond, b.apiCpuPerSecond, 2),
    row('load generator CPU s/s', a.loadGeneratorCpuPerSecond, b.loadGeneratorCpuPerSecond, 2),
    `| PostgreSQL read-only runners, target (reason) | ${reads(a)} | ${reads(b)} | |`,
    `| stale reads (checked) | ${x.freshness.staleReads} (${x.freshness.checks}) | ${y.freshness.staleReads} (${y.freshness.checks}) | |`,
    `| errors (expected 409s) | ${x.errors} (${x.expectedConflicts}) | ${y.errors} (${y.expectedConflicts}) | |`,
  ].join('\n');
}
