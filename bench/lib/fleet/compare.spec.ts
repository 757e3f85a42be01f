import type { FleetReport } from '../../load-test/fleet/fleet-report';
import { comparisonMarkdown, targetChecks } from './compare';
import { scaleChecksPass, scaleComparisonMarkdown } from './scale-compare';

function report(overrides: { hit: number | null; p95: number; tx: number | null; stale?: number; errors?: number; reads?: number }): FleetReport {
  const latencyMs = { avg: 1, p50: 1, p95: overrides.p95, p99: overrides.p95 * 2, max: 100 };
  return {
    tool: 'freight-api load test: fleet',
    command: 'npm run load-test -- --scenario fleet',
    startedAt: '2026-11-25T18:00:00.000Z',
    finishedAt: '2026-11-25T18:01:00.000Z',
    config: {
      apiUrl: 'http://127.0.0.1:1',
      durationSeconds: 60,
      dispatchers: 8,
      dispatcherIntervalMs: 125,
      drivers: 50,
      locationIntervalMs: 2000,
      driverReadIntervalMs: 6000,
      writers: 2,
      writesPerSecond: 8,
      seed: 1,
      distinctLogins: { dispatchers: 8, drivers: 50 },
    },
    elapsedSeconds: 60,
    routes: [
      {
        name: 'loadDetail',
        route: 'GET /api/loads/:id',
        contract: 'exact',
        requests: 600,
        perSecond: 10,
        hitRatePct: overrides.hit,
        cache: { hit: 0, miss: 0, bypass: 0, none: 0 },
        latencyMs,
        statusCodes: { 200: 600 },
        errors: overrides.errors ?? 0,
        expectedConflicts: 0,
        freshnessChecks: 10,
        staleReads: overrides.stale ?? 0,
        positionChecks: 0,
        positionViolations: 0,
      },
    ],
    reads: { requests: 4000, perSecond: overrides.reads ?? 66.7, offeredPerSecond: 72.3, hitRatePct: overrides.hit, latencyMs },
    writes: { requests: 2000, perSecond: 33.3, offeredPerSecond: 33, lifecycle: 480, location: 1520 },
    errors: overrides.errors ?? 0,
    expectedConflicts: 0,
    freshness: { checks: 10, staleReads: overrides.stale ?? 0, positionChecks: 0, positionViolations: 0 },
    postgres: overrides.tx === null ? null : { database: 'fleet', transactions: overrides.tx * 60, perSecond: overrides.tx },
    problems: [],
    passed: true,
    reportFile: '/tmp/x.md',
  };
}

describe('targetChecks', () => {
  it('passes the issue 11 targets when the cache halves transactions and cuts p95 enough', () => {
    const checks = targetChecks(report({ hit: 90, p95: 6, tx: 40 }), report({ hit: null, p95: 10, tx: 100 }));
    expect(checks.map((c) => c.verdict)).toEqual(['PASS', 'PASS', 'PASS', 'PASS', 'PASS']);
    expect(checks[1].actual).toBe('0.60');
  });

  it('fails each target on its own, and says N/A without PostgreSQL figures', () => {
    const checks = targetChecks(report({ hit: 35, p95: 12, tx: null, stale: 1 }), report({ hit: null, p95: 10, tx: 100, errors: 2 }));
    expect(checks.map((c) => c.verdict)).toEqual(['FAIL', 'FAIL', 'N/A', 'FAIL', 'FAIL']);
    expect(checks[3].actual).toBe('1 on, 0 off');
  });

  it('does not judge tx/s when a side could not carry the offered load, and gives the per-request ratio instead', () => {
    const checks = targetChecks(report({ hit: 90, p95: 6, tx: 40 }), report({ hit: null, p95: 10, tx: 30, reads: 30 }));
    expect(checks[2].verdict).toBe('N/A');
    expect(checks[2].actual).toBe('1.33 (per request 1.33; a side carried only 41% of the offered load)');
  });
});

describe('comparisonMarkdown', () => {
  it('puts each route and the totals side by side with their ratios', () => {
    const markdown = comparisonMarkdown(
      { report: report({ hit: 50, p95: 5, tx: 50 }), apiCpuPerSecond: 0.5 },
      { report: report({ hit: null, p95: 10, tx: 100 }), apiCpuPerSecond: 0.8 },
    );
    expect(markdown).toContain('| GET /api/loads/:id | exact | 10.0 | 50.0% | — | 1.0 | 1.0 | 5.0 | 10.0 | 0.50 | 0 / 0 | 0 / 0 |');
    expect(markdown).toContain('| PostgreSQL tx/s | 50.0 | 100.0 | 0.50 |');
    expect(markdown).toContain('| PostgreSQL tx/s on/off <= 0.5 | 0.50 | PASS |');
    expect(markdown).toContain('| read hit rate (cache on) >= 85% | 50.0% | **FAIL** |');
  });
});

describe('scaleComparisonMarkdown', () => {
  it('names the sides by what differs, gives reads/s carried with B/A, and leaves out the cache targets', () => {
    const markdown = scaleComparisonMarkdown(
      { label: '1 instance', report: report({ hit: 90, p95: 10, tx: 50, reads: 50 }), apiCpuPerSecond: 0.9, loadGeneratorCpuPerSecond: 0.5 },
      { label: '2 instances', report: report({ hit: 90, p95: 5, tx: 60, reads: 60 }), apiCpuPerSecond: 1.2, dbReads: { 'replica-1 (fill)': 7 } },
    );
    expect(markdown).toContain('| total | 1 instance | 2 instances | B/A |');
    expect(markdown).toContain('| reads/s carried (offered 72.3) | 50.0 | 60.0 | 1.20 |');
    expect(markdown).toContain('| share of offered reads carried | 69% | 83% | |');
    expect(markdown).toContain('| read p95 ms | 10.0 | 5.0 | 0.50 |');
    expect(markdown).toContain('| read hit rate | 90.0% | 90.0% | |');
    expect(markdown).toContain('| load generator CPU s/s | 0.50 | — | — |');
    expect(markdown).toContain('| stale reads (checked) | 0 (10) | 0 (10) | |');
    expect(markdown).toContain('| PostgreSQL read-only runners, target (reason) | — | replica-1 (fill) 7 | |');
    expect(markdown).not.toContain('issue 11');
  });

  it('passes only with no stale read and no error on either side', () => {
    const clean = { report: report({ hit: 90, p95: 5, tx: 50 }), apiCpuPerSecond: null };
    expect(scaleChecksPass(clean, clean)).toBe(true);
    expect(scaleChecksPass(clean, { report: report({ hit: 90, p95: 5, tx: 50, stale: 1 }), apiCpuPerSecond: null })).toBe(false);
    expect(scaleChecksPass({ report: report({ hit: 90, p95: 5, tx: 50, errors: 1 }), apiCpuPerSecond: null }, clean)).toBe(false);
  });
});
