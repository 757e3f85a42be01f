import type { FleetReport } from './fleet-report';

const ms = (value: number | null) => (value === null ? '—' : value.toFixed(1));
const pct = (value: number | null) => (value === null ? '—' : `${value.toFixed(1)}%`);
const count = (value: number) => value.toLocaleString('en-US');

/** The fleet report as Markdown: the per-route table, the totals and the problems found. */
export function renderFleetMarkdown(report: FleetReport): string {
  const c = report.config;
  const lines = [
    `# Fleet load test: ${report.passed ? 'PASS' : 'FAIL'}`,
    '',
    '```',
    report.command,
    '```',
    '',
    `${report.startedAt} against ${c.apiUrl}: ${c.dispatchers} dispatchers (one read each ${c.dispatcherIntervalMs} ms), ` +
      `${c.drivers} drivers (a position each ${c.locationIntervalMs} ms, a read each ${c.driverReadIntervalMs} ms), ` +
      `${c.writers} lifecycle writers (${c.writesPerSecond} writes/s together), ${report.elapsedSeconds} s; ` +
      `${c.distinctLogins.dispatchers} dispatcher and ${c.distinctLogins.drivers} driver logins; seed ${c.seed}.`,
    '',
    '| route | contract | requests | req/s | hit rate | p50 ms | p95 ms | p99 ms | errors | expected 409 | freshness checks | stale | positions checked | positions > 60 s |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...report.routes.map(
      (r) =>
        `| ${r.route} | ${r.contract} | ${count(r.requests)} | ${r.perSecond} | ${pct(r.hitRatePct)} | ${ms(r.latencyMs.p50)} | ${ms(r.latencyMs.p95)} | ` +
        `${ms(r.latencyMs.p99)} | ${r.errors} | ${r.expectedConflicts} | ${r.freshnessChecks} | ${r.staleReads} | ${r.positionChecks} | ${r.positionViolations} |`,
    ),
    '',
    '| total | value |',
    '| --- | ---: |',
    `| reads | ${count(report.reads.requests)} (${report.reads.perSecond}/s of ${report.reads.offeredPerSecond}/s offered) |`,
    `| read hit rate | ${pct(report.reads.hitRatePct)} |`,
    `| read p50 / p95 / p99 | ${ms(report.reads.latencyMs.p50)} / ${ms(report.reads.latencyMs.p95)} / ${ms(report.reads.latencyMs.p99)} ms |`,
    `| writes | ${count(report.writes.requests)} (${report.writes.perSecond}/s of ${report.writes.offeredPerSecond}/s offered: ${count(report.writes.lifecycle)} lifecycle, ${count(report.writes.location)} positions) |`,
    `| PostgreSQL transactions | ${report.postgres ? `${count(report.postgres.transactions)} (${report.postgres.perSecond}/s, database ${report.postgres.database})` : 'not measured (no --database-url)'} |`,
    `| errors | ${report.errors} (plus ${report.expectedConflicts} expected 409s) |`,
    `| stale reads | ${report.freshness.staleReads} of ${count(report.freshness.checks)} checked |`,
    `| positions older than 60 s | ${report.freshness.positionViolations} of ${count(report.freshness.positionChecks)} checked |`,
  ];
  if (report.problems.length) lines.push('', '## Problems (first few)', '', ...report.problems.map((p) => `- ${p}`));
  return `${lines.join('\n')}\n`;
}
