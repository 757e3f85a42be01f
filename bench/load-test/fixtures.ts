import { DEFAULT_TARGETS } from './options';
import type { LoadTestReport, MixedSummary } from './report';
import type { Summary } from './stats';

/** A healthy aggregate: pass every default target; specs change one field at a time. */
export function summaryFixture(overrides: Partial<Summary> = {}): Summary {
  return {
    name: 'all',
    path: 'all endpoints',
    requests: 7000,
    successes: 7000,
    errors: { non2xx: 0, timeouts: 0, connection: 0, total: 0 },
    errorRatePct: 0,
    successRatePct: 100,
    latencyMs: { avg: 4.2, p50: 3, p95: 9.5, p99: 20, max: 80 },
    throughputRps: 2100,
    durationSeconds: 3.33,
    statusCodes: { 200: 7000 },
    cache: { hits: 5900, misses: 100, bypasses: 0, other: 0, uncached: 1000, hitRatePct: 98.33 },
    ...overrides,
  };
}

export function mixedFixture(overrides: Partial<MixedSummary> = {}): MixedSummary {
  const kind = (count: number) => ({ count, errors: 0, latencyMs: { avg: 12, p50: 10, p95: 30, p99: 40, max: 41 } });
  return {
    requestedSharePct: 10,
    actualWriteSharePct: 9.8,
    lanes: 2,
    completedCycles: 30,
    writes: { total: 150, errors: 0, byKind: { create: kind(30), assign: kind(30), pickup: kind(30), deliver: kind(30), markRead: kind(30) } },
    freshnessChecks: 210,
    staleReads: 0,
    unverifiable: 0,
    problems: [],
    ...overrides,
  };
}

export function reportFixture(overrides: Partial<LoadTestReport> = {}): LoadTestReport {
  return {
    tool: 'freight-api load test',
    startedAt: '2026-11-25T18:00:00.000Z',
    finishedAt: '2026-11-25T18:00:04.000Z',
    config: {
      apiUrl: 'http://localhost:4000',
      connections: 10,
      amountPerEndpoint: 1000,
      durationSecondsPerEndpoint: null,
      timeoutSeconds: 5,
      users: 3,
      logins: ['dispatcher@freight.local', 'dispatcher2@freight.local', 'driver1@freight.local'],
      endpoints: ['profile', 'health'],
      mixedShare: null,
      targets: DEFAULT_TARGETS,
    },
    endpoints: [
      summaryFixture({ name: 'profile', path: '/api/profile', requests: 1000, successes: 1000 }),
      summaryFixture({
        name: 'health',
        path: '/api/health',
        requests: 1000,
        successes: 998,
        errors: { non2xx: 2, timeouts: 0, connection: 0, total: 2 },
        cache: { hits: 0, misses: 0, bypasses: 0, other: 0, uncached: 1000, hitRatePct: null },
      }),
    ],
    aggregate: summaryFixture(),
    mixed: null,
    criteria: [{ name: 'Throughput', target: '>= 500 req/s', actual: '2,100 req/s', status: 'PASS' }],
    passed: true,
    reportFile: '/tmp/report.md',
    ...overrides,
  };
}
