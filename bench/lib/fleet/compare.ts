import type { FleetReport } from '../../load-test/fleet/fleet-report';

/** One side of the side-by-side run: the fleet's report and what the runner measured around it. */
export interface FleetSide {
  report: FleetReport;
  /** CPU seconds the API process used per second of the run. */
  apiCpuPerSecond: number | null;
}

export type Verdict = 'PASS' | 'FAIL' | 'N/A';

export interface TargetCheck {
  target: string;
  actual: string;
  verdict: Verdict;
}

/** The numbers issue 11 asks for on the fleet scenario, cache on against cache off in one run. */
export const FLEET_TARGETS = { minHitRatePct: 85, maxP95Ratio: 0.6, maxTxRatio: 0.5 } as const;

const ratio = (on: number | null | undefined, off: number | null | undefined): number | null =>
  on === null || on === undefined || off === null || off === undefined || off === 0 ? null : on / off;
const fixed = (value: number | null | undefined, digits = 1) => (value === null || value === undefined ? '—' : value.toFixed(digits));
const pct = (value: number | null | undefined) => (value === null || value === undefined ? '—' : `${value.toFixed(1)}%`);

/** Below this share of the offered load a side's transactions/s says more about the machine than the cache. */
export const MIN_ACHIEVED_SHARE = 0.9;

/** The smaller of reads and writes achieved over offered, for one side. */
export function achievedShare(report: FleetReport): number {
  const share = (done: number, offered: number) => (offered > 0 ? done / offered : 1);
  return Math.min(share(report.reads.perSecond, report.reads.offeredPerSecond), share(report.writes.perSecond, report.writes.offeredPerSecond));
}

/** PostgreSQL transactions per request (reads and writes): comparable even when the sides carried different loads. */
export function transactionsPerRequest(report: FleetReport): number | null {
  const requests = report.reads.requests + report.writes.requests;
  return report.postgres && requests > 0 ? report.postgres.transactions / requests : null;
}

export function targetChecks(on: FleetReport, off: FleetReport): TargetCheck[] {
  const p95 = ratio(on.reads.latencyMs.p95, off.reads.latencyMs.p95);
  const tx = ratio(on.postgres?.perSecond, off.postgres?.perSecond);
  const perRequest = ratio(transactionsPerRequest(on), transactionsPerRequest(off));
  const carried = Math.min(achievedShare(on), achievedShare(off));
  // A closed loop sends less to a slower API: tx/s on/off then compares different loads.
  const comparable = carried >= MIN_ACHIEVED_SHARE;
  const stale = on.freshness.staleReads + off.freshness.staleReads;
  const errors = on.errors + off.errors;
  const judged = (value: number | null, pass: (v: number) => boolean): Verdict => (value === null ? 'N/A' : pass(value) ? 'PASS' : 'FAIL');
  return [
    {
      target: `read hit rate (cache on) >= ${FLEET_TARGETS.minHitRatePct}%`,
      actual: pct(on.reads.hitRatePct),
      verdict: judged(on.reads.hitRatePct, (v) => v >= FLEET_TARGETS.minHitRatePct),
    },
    { target: `read p95 on/off <= ${FLEET_TARGETS.maxP95Ratio}`, actual: fixed(p95, 2), verdict: judged(p95, (v) => v <= FLEET_TARGETS.maxP95Ratio) },
    {
      target: `PostgreSQL tx/s on/off <= ${FLEET_TARGETS.maxTxRatio}`,
      actual: comparable
        ? fixed(tx, 2)
        : `${fixed(tx, 2)} (per request ${fixed(perRequest, 2)}; a side carried only ${Math.round(carried * 100)}% of the offered load)`,
      verdict: comparable ? judged(tx, (v) => v <= FLEET_TARGETS.maxTxRatio) : 'N/A',
    },
    {
      target: '0 stale reads (both sides)',
      actual: `${on.freshness.staleReads} on, ${off.freshness.staleReads} off`,
      verdict: stale === 0 ? 'PASS' : 'FAIL',
    },
    { target: '0 errors (both sides)', actual: `${on.errors} on, ${off.errors} off`, verdict: errors === 0 ? 'PASS' : 'FAIL' },
  ];
}

/** The side-by-side Markdown: per route, totals, and the targets with pass/fail. */
export function comparisonMarkdown(on: FleetSide, off: FleetSide): string {
  const offByName = new Map(off.report.routes.map((r) => [r.name, r]));
  const routeRows = on.report.routes.map((r) => {
    const o = offByName.get(r.name);
    return (
      `| ${r.route} | ${r.contract} | ${fixed(r.perSecond)} | ${pct(r.hitRatePct)} | ${pct(o?.hitRatePct)} | ` +
      `${fixed(r.latencyMs.p50)} | ${fixed(o?.latencyMs.p50)} | ${fixed(r.latencyMs.p95)} | ${fixed(o?.latencyMs.p95)} | ` +
      `${fixed(ratio(r.latencyMs.p95, o?.latencyMs.p95), 2)} | ${r.staleReads} / ${o?.staleReads ?? '—'} | ${r.errors} / ${o?.errors ?? '—'} |`
    );
  });
  const a = on.report;
  const b = off.report;
  const total = (label: string, x: number | null | undefined, y: number | null | undefined, digits = 1, show = fixed) =>
    `| ${label} | ${show(x, digits)} | ${show(y, digits)} | ${fixed(ratio(x, y), 2)} |`;
  const checks = targetChecks(a, b);
  return [
    '| route | contract | req/s | hit on | hit off | p50 on | p50 off | p95 on | p95 off | p95 on/off | stale on / off | errors on / off |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...routeRows,
    '',
    '| total | cache on | cache off | on/off |',
    '| --- | ---: | ---: | ---: |',
    total(`reads/s (offered ${a.reads.offeredPerSecond})`, a.reads.perSecond, b.reads.perSecond),
    total(`writes/s, lifecycle + positions (offered ${a.writes.offeredPerSecond})`, a.writes.perSecond, b.writes.perSecond),
    `| read hit rate | ${pct(a.reads.hitRatePct)} | ${pct(b.reads.hitRatePct)} | |`,
    total('read p50 ms', a.reads.latencyMs.p50, b.reads.latencyMs.p50),
    total('read p95 ms', a.reads.latencyMs.p95, b.reads.latencyMs.p95),
    total('read p99 ms', a.reads.latencyMs.p99, b.reads.latencyMs.p99),
    total('PostgreSQL tx/s', a.postgres?.perSecond, b.postgres?.perSecond),
    total('PostgreSQL tx per request', transactionsPerRequest(a), transactionsPerRequest(b), 2),
    total('API CPU s/s', on.apiCpuPerSecond, off.apiCpuPerSecond, 2),
    `| stale reads (checked) | ${a.freshness.staleReads} (${a.freshness.checks}) | ${b.freshness.staleReads} (${b.freshness.checks}) | |`,
    `| positions > 60 s (checked) | ${a.freshness.positionViolations} (${a.freshness.positionChecks}) | ${b.freshness.positionViolations} (${b.freshness.positionChecks}) | |`,
    `| errors (expected 409s) | ${a.errors} (${a.expectedConflicts}) | ${b.errors} (${b.expectedConflicts}) | |`,
    '',
    '| target (issue 11) | actual | |',
    '| --- | ---: | --- |',
    ...checks.map((c) => `| ${c.target} | ${c.actual} | ${c.verdict === 'FAIL' ? '**FAIL**' : c.verdict} |`),
  ].join('\n');
}
