import { LoadTestReport, WRITE_KINDS } from './report';
import type { LatencySummary, Summary } from './stats';

const count = (value: number) => value.toLocaleString('en-US');
const fixed = (value: number | null, digits = 1) =>
  value === null ? '-' : value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const percent = (value: number | null) => (value === null ? '-' : `${fixed(value, 1)}%`);

function table(header: readonly string[], rows: readonly (readonly string[])[], rightAligned: readonly boolean[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  const rule = `|${rightAligned.map((right) => (right ? ' ---: ' : ' --- ')).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

const latencyCells = (latency: LatencySummary) => [fixed(latency.avg), fixed(latency.p50), fixed(latency.p95), fixed(latency.p99)];

function endpointRow(summary: Summary, label: string): string[] {
  const cache = summary.cache;
  return [
    label,
    count(summary.requests),
    count(summary.successes),
    count(summary.errors.non2xx),
    count(summary.errors.timeouts),
    count(summary.errors.connection),
    ...latencyCells(summary.latencyMs),
    fixed(summary.throughputRps, 0),
    percent(cache.hitRatePct),
    cache.hitRatePct === null ? 'no X-Cache' : `${count(cache.hits)} / ${count(cache.misses)} / ${count(cache.bypasses)}`,
  ];
}

/** The report as Markdown: the same tables go to the terminal and to the report file. */
export function renderMarkdown(report: LoadTestReport): string {
  const { config } = report;
  const load =
    config.durationSecondsPerEndpoint !== null
      ? `${config.durationSecondsPerEndpoint} s per endpoint`
      : `${count(config.amountPerEndpoint ?? 0)} requests per endpoint`;
  const parts: string[] = [
    `# Load test: ${report.passed ? 'PASS' : 'FAIL'}`,
    '',
    `- API: ${config.apiUrl}`,
    `- Started ${report.startedAt}, finished ${report.finishedAt}`,
    `- ${config.connections} connections, ${load}, ${config.timeoutSeconds} s timeout, endpoints one after another`,
    `- ${config.users} users rotating their tokens: ${[...new Set(config.logins)].join(', ')}`,
    `- Mode: ${config.mixedShare === null ? 'reads only' : `mixed, ${fixed(config.mixedShare * 100, 1)}% writes`}`,
    '',
    '## Per endpoint',
    '',
    table(
      [
        'Endpoint',
        'Requests',
        '2xx',
        'Non-2xx',
        'Timeouts',
        'Conn. errors',
        'Avg ms',
        'p50 ms',
        'p95 ms',
        'p99 ms',
        'Req/s',
        'Hit rate',
        'HIT / MISS / BYPASS',
      ],
      [...report.endpoints.map((s) => endpointRow(s, `GET ${s.path}`)), endpointRow(report.aggregate, '**All endpoints**')],
      [false, true, true, true, true, true, true, true, true, true, true, true, true],
    ),
    '',
    'Latency covers every response (any status); timeouts and connection errors have none. ' +
      'Hit rate counts only responses that carry X-Cache (HIT over HIT + MISS + BYPASS). ' +
      'Aggregate throughput is all responses over the summed run time of the endpoints.',
    '',
    '## Success criteria',
    '',
    table(
      ['Criterion', 'Target', 'Actual', 'Result'],
      report.criteria.map((c) => [c.name, c.target, c.actual, c.status === 'PASS' ? 'PASS' : c.status === 'FAIL' ? '**FAIL**' : 'N/A']),
      [false, false, true, false],
    ),
  ];

  const mixed = report.mixed;
  if (mixed) {
    parts.push(
      '',
      '## Mixed mode: writes and freshness',
      '',
      `- Writes: ${count(mixed.writes.total)} (${fixed(mixed.actualWriteSharePct, 1)}% of requests; asked for ${fixed(mixed.requestedSharePct, 1)}%), ` +
        `${count(mixed.writes.errors)} failed; ${mixed.lanes} write lanes completed ${count(mixed.completedCycles)} create-assign-pickup-deliver cycles`,
      `- Stale reads: **${count(mixed.staleReads)}** of ${count(mixed.freshnessChecks)} reads made right after a write` +
        (mixed.unverifiable ? ` (${count(mixed.unverifiable)} could not tell)` : ''),
      '',
      table(
        ['Write', 'Count', 'Errors', 'Avg ms', 'p50 ms', 'p95 ms', 'p99 ms'],
        WRITE_KINDS.map((kind) => {
          const s = mixed.writes.byKind[kind];
          return [kind, count(s.count), count(s.errors), ...latencyCells(s.latencyMs)];
        }),
        [false, true, true, true, true, true, true],
      ),
    );
    if (mixed.problems.length) {
      parts.push('', 'First problems seen:', '', ...mixed.problems.map((problem) => `- ${problem}`));
    }
  }
  parts.push('');
  return parts.join('\n');
}
