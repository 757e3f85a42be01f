import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startTestApp, TestApp } from './helpers/test-app';

const root = resolve(__dirname, '..');
const tsNode = require.resolve('ts-node/dist/bin.js');

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `npm run load-test` as an operator would, but briefly, against the test server. */
function loadTest(apiUrl: string, args: string[]): Promise<RunResult> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [tsNode, '--transpile-only', 'bench/load-test.ts', ...args],
      { cwd: root, env: { ...process.env, API_URL: apiUrl }, maxBuffer: 16 * 1024 * 1024, timeout: 120_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

const ENDPOINT_PATHS = ['/api/shipments', '/api/drivers', '/api/routes', '/api/analytics', '/api/notifications', '/api/profile', '/api/health'];
const BRIEF = ['--amount', '30', '--connections', '5'];
const LENIENT = ['--min-rps', '1', '--max-p95', '60000', '--max-error-rate', '1', '--min-success', '99', '--min-hit-rate', '10'];

describe('npm run load-test', () => {
  let t: TestApp;
  let reports: string;

  beforeAll(async () => {
    t = await startTestApp();
    reports = mkdtempSync(join(tmpdir(), 'freight-load-test-'));
  });
  afterAll(async () => {
    await t.close();
    rmSync(reports, { recursive: true, force: true });
  });

  it('loads all seven endpoints as several users and reports each, the aggregate and the criteria, passing lenient targets', async () => {
    const reportFile = join(reports, 'lenient.md');
    const run = await loadTest(t.baseUrl, [...BRIEF, '--users', '7', '--json', '--report', reportFile, ...LENIENT]);
    expect(run.stderr).not.toMatch(/failed/i);
    expect(run.code).toBe(0);

    const report = JSON.parse(run.stdout);
    expect(report.endpoints.map((e: { path: string }) => e.path)).toEqual(ENDPOINT_PATHS);
    expect(new Set(report.config.logins).size).toBe(7);
    for (const endpoint of report.endpoints) {
      expect(endpoint.requests).toBe(30);
      expect(endpoint.successes).toBe(30);
      expect(endpoint.errors).toEqual({ non2xx: 0, timeouts: 0, connection: 0, total: 0 });
      for (const key of ['avg', 'p50', 'p95', 'p99']) expect(endpoint.latencyMs[key]).toBeGreaterThan(0);
      expect(endpoint.latencyMs.p50).toBeLessThanOrEqual(endpoint.latencyMs.p95);
      expect(endpoint.latencyMs.p95).toBeLessThanOrEqual(endpoint.latencyMs.p99);
      expect(endpoint.throughputRps).toBeGreaterThan(0);
    }
    // Every cached route answered with X-Cache; health is not cached and so has no hit rate.
    const byPath = Object.fromEntries(report.endpoints.map((e: { path: string }) => [e.path, e]));
    expect(byPath['/api/health'].cache.hitRatePct).toBeNull();
    expect(byPath['/api/shipments'].cache.hits).toBeGreaterThan(0);
    // Seven users rotate: a per-user route (profile) misses once per user, a shared one once.
    expect(byPath['/api/profile'].cache.misses).toBeGreaterThanOrEqual(7);
    expect(byPath['/api/shipments'].cache.misses).toBeLessThan(byPath['/api/profile'].cache.misses);

    expect(report.aggregate.requests).toBe(210);
    expect(report.aggregate.successRatePct).toBe(100);
    expect(report.aggregate.cache.hitRatePct).toBeGreaterThan(10);
    expect(report.criteria.map((c: { name: string }) => c.name)).toEqual([
      'Throughput',
      'p95 latency',
      'Error rate',
      'Success rate',
      'Cache hit rate (X-Cache)',
    ]);
    expect(report.criteria.every((c: { status: string }) => c.status === 'PASS')).toBe(true);
    expect(report.passed).toBe(true);

    const markdown = readFileSync(reportFile, 'utf8');
    expect(markdown).toContain('# Load test: PASS');
    for (const path of ENDPOINT_PATHS) expect(markdown).toContain(`GET ${path}`);
    expect(markdown).toContain('## Success criteria');
  });

  it('exits non-zero and marks the criterion FAIL when a target is out of reach', async () => {
    const reportFile = join(reports, 'forced-fail.md');
    const run = await loadTest(t.baseUrl, [...BRIEF, '--endpoints', 'health,profile', '--json', '--report', reportFile, '--min-rps', '1000000']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.passed).toBe(false);
    const throughput = report.criteria.find((c: { name: string }) => c.name === 'Throughput');
    expect(throughput.status).toBe('FAIL');
    expect(throughput.target).toBe('>= 1,000,000 req/s');
    expect(readFileSync(reportFile, 'utf8')).toMatch(/\| Throughput \| >= 1,000,000 req\/s \| .* \| \*\*FAIL\*\* \|/);
  });

  it('prints the tables without --json', async () => {
    const run = await loadTest(t.baseUrl, [...BRIEF, '--endpoints', 'health', '--report', join(reports, 'text.md'), ...LENIENT]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('| GET /api/health |');
    expect(run.stdout).toContain('| Throughput |');
    expect(run.stdout).toContain(`Report written to ${join(reports, 'text.md')}`);
  });

  it('in mixed mode writes among the reads and every read right after a write sees it', async () => {
    const run = await loadTest(t.baseUrl, [
      ...BRIEF,
      '--mixed',
      '0.2',
      '--json',
      '--report',
      join(reports, 'mixed.md'),
      // Writes invalidate entries, so the hit rate is not what this run is about.
      ...LENIENT.slice(0, -2),
      '--min-hit-rate',
      '0',
    ]);
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout);
    expect(report.mixed.problems).toEqual([]);
    expect(run.code).toBe(0);
    expect(report.mixed.writes.total).toBeGreaterThanOrEqual(4);
    expect(report.mixed.writes.errors).toBe(0);
    expect(report.mixed.completedCycles).toBeGreaterThanOrEqual(1);
    for (const kind of ['create', 'assign', 'pickup', 'deliver']) {
      expect(report.mixed.writes.byKind[kind].count).toBeGreaterThanOrEqual(1);
      expect(report.mixed.writes.byKind[kind].latencyMs.p95).toBeGreaterThan(0);
    }
    expect(report.mixed.freshnessChecks).toBeGreaterThanOrEqual(6);
    expect(report.mixed.staleReads).toBe(0);
    const stale = report.criteria.find((c: { name: string }) => c.name === 'Stale reads after writes');
    expect(stale.status).toBe('PASS');

    // The drivers are free again afterwards: each cycle ended in a delivery.
    const token = await t.login('dispatcher@freight.local');
    const available = await t.request('GET', '/api/drivers?isAvailable=true', { token });
    expect(available.body.data.length).toBeGreaterThanOrEqual(report.mixed.lanes);
  });

  it('runs the fleet scenario: per-route hit rates, latencies, writes, PostgreSQL transactions/s, no errors and no stale reads', async () => {
    const reportFile = join(reports, 'fleet.md');
    const run = await loadTest(t.baseUrl, [
      '--scenario',
      'fleet',
      '--duration',
      '4',
      '--dispatchers',
      '2',
      '--dispatcher-interval',
      '200',
      '--drivers',
      '4',
      '--location-interval',
      '1000',
      '--driver-read-interval',
      '600',
      '--writers',
      '2',
      '--write-rate',
      '4',
      '--database-url',
      t.databaseUrl,
      '--json',
      '--report',
      reportFile,
    ]);
    const report = JSON.parse(run.stdout);
    expect(report.problems).toEqual([]);
    expect(run.code).toBe(0);
    expect(report.passed).toBe(true);
    expect(report.errors).toBe(0);
    expect(report.freshness.staleReads).toBe(0);
    // The writers' changes were read back: the checker had something to judge.
    expect(report.freshness.checks).toBeGreaterThan(0);

    const byName = Object.fromEntries(report.routes.map((r: { name: string }) => [r.name, r]));
    for (const name of ['loadsByStatus', 'availableDrivers', 'ownLoads', 'profile', 'notifications', 'location', 'create', 'assign']) {
      expect(byName[name]?.requests).toBeGreaterThan(0);
    }
    for (const route of report.routes) {
      expect(route.errors).toBe(0);
      expect(route.staleReads).toBe(0);
      if (route.contract === 'write') expect(route.hitRatePct).toBeNull();
      else {
        // Every read answered through the cache, with a hit rate of its own.
        expect(route.cache.hit + route.cache.miss).toBe(route.requests);
        expect(route.hitRatePct).toBeGreaterThanOrEqual(0);
        expect(route.latencyMs.p50).toBeLessThanOrEqual(route.latencyMs.p95);
      }
    }
    expect(report.reads.requests).toBeGreaterThan(0);
    expect(report.reads.perSecond).toBeGreaterThan(0);
    expect(report.writes.lifecycle).toBeGreaterThanOrEqual(4);
    expect(report.writes.location).toBeGreaterThan(0);
    expect(report.postgres.database).toBe(new URL(t.databaseUrl).pathname.slice(1));
    expect(report.postgres.transactions).toBeGreaterThan(report.writes.lifecycle);
    expect(report.postgres.perSecond).toBeGreaterThan(0);

    const markdown = readFileSync(reportFile, 'utf8');
    expect(markdown).toContain('# Fleet load test: PASS');
    expect(markdown).toContain('| GET /api/loads?status=… | exact |');
    expect(markdown).toContain('npm run load-test -- --scenario fleet');

    // Each writer finished its cycle: the drivers are free again.
    const token = await t.login('dispatcher@freight.local');
    const available = await t.request('GET', '/api/drivers?isAvailable=true', { token });
    expect(available.body.data.length).toBeGreaterThanOrEqual(2);
    // Two waits of 11 s for PostgreSQL's statistics to settle come on top of the run itself.
  }, 150_000);

  it('refuses bad options with exit code 2 and the usage', async () => {
    const run = await loadTest(t.baseUrl, ['--amount', '5', '--connections', '10']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--amount (5) must be at least --connections (10)');
    expect(run.stderr).toContain('Usage: npm run load-test');
  });

  it('exits 2 with the reason when a login is refused', async () => {
    const run = await loadTest(t.baseUrl, [...BRIEF, '--emails', 'nobody@freight.local', '--password', 'wrong']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('login as nobody@freight.local');
    expect(run.stderr).toContain('HTTP 401');
  });
});
