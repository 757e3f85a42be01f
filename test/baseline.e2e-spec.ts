import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BaselineReport } from '../src/baseline/baseline-report';
import { freePort } from '../src/database/embedded-postgres';
import { startTestRedis, TestRedis } from './helpers/redis';
import { startTestApp, TestApp } from './helpers/test-app';

interface BaselineResult {
  code: number;
  stdout: string;
  stderr: string;
  json: BaselineReport;
  markdown: string;
}

/** `npm run baseline` as an operator runs it: a child process, reports in a fresh folder. */
function runBaseline(env: Record<string, string>): Promise<BaselineResult> {
  const out = mkdtempSync(join(tmpdir(), 'freight-baseline-'));
  const root = join(__dirname, '..');
  const { API_URL, REDIS_URL, DATABASE_URL, ...rest } = process.env;
  void API_URL;
  void REDIS_URL;
  void DATABASE_URL;
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [
        require.resolve('ts-node/dist/bin.js'),
        '--transpile-only',
        'scripts/baseline.ts',
        '--out',
        out,
        '--sample-seconds',
        '0.2',
        '--timeout-ms',
        '2000',
      ],
      { cwd: root, env: { ...rest, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') return reject(error);
        try {
          const files = readdirSync(out);
          const jsonFile = files.find((f) => /^baseline-.*\.json$/.test(f));
          const mdFile = files.find((f) => /^baseline-.*\.md$/.test(f));
          if (!jsonFile || !mdFile) throw new Error(`reports missing in ${out}: ${files.join(', ')}\n${stdout}\n${stderr}`);
          resolve({
            code: error ? Number(error.code) : 0,
            stdout,
            stderr,
            json: JSON.parse(readFileSync(join(out, jsonFile), 'utf8')) as BaselineReport,
            markdown: readFileSync(join(out, mdFile), 'utf8'),
          });
        } catch (failure) {
          reject(failure);
        } finally {
          rmSync(out, { recursive: true, force: true });
        }
      },
    );
  });
}

describe('npm run baseline', () => {
  let redis: TestRedis;
  let t: TestApp;

  beforeAll(async () => {
    redis = await startTestRedis();
    t = await startTestApp({ REDIS_URL: redis.url });
    const token = await t.login('dispatcher@freight.local');
    // Some traffic: one miss and two hits on the loads list.
    for (let i = 0; i < 3; i += 1) expect((await t.request('GET', '/api/loads', { token })).status).toBe(200);
  });
  afterAll(async () => {
    await t?.close();
    await redis?.stop();
  });

  it('collects health, API metrics, Redis and PostgreSQL into JSON and Markdown', async () => {
    // Row counts come from PostgreSQL's statistics, which the seeding backends flush only now and
    // then; ANALYZE records them at once, so the check below does not race the flush.
    await t.dataSource.query('ANALYZE loads');
    const result = await runBaseline({ API_URL: t.baseUrl, REDIS_URL: redis.url, DATABASE_URL: t.databaseUrl });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Wrote .*baseline-.*\.json/);
    const { health, metrics, redis: redisResult, postgres } = result.json.sources;

    expect(health).toMatchObject({ ok: true, data: { status: 200, healthy: true } });

    if (!metrics.ok) throw new Error(metrics.error);
    expect(metrics.data.residentMemoryBytes).toBeGreaterThan(10 * 1024 * 1024);
    expect(metrics.data.cpuSecondsTotal).toBeGreaterThan(0);
    expect(metrics.data.cpuCoreShare).not.toBeNull();
    const loads = metrics.data.cache.byRoute.find((r) => r.route === '/api/loads');
    expect(loads).toMatchObject({ hits: 2, misses: 1 });
    expect(metrics.data.cache.hitRate).toBeGreaterThan(0);
    expect(metrics.data.dbPool.max).toBe(10);

    if (!redisResult.ok) throw new Error(redisResult.error);
    expect(redisResult.data.keyspaceHits + redisResult.data.keyspaceMisses).toBeGreaterThan(0);
    expect(redisResult.data.hitRate).toBeGreaterThan(0);
    expect(redisResult.data.usedMemoryBytes).toBeGreaterThan(0);
    expect(redisResult.data.evictedKeys).toBe(0);
    expect(redisResult.data.keys).toBeGreaterThan(0);

    if (!postgres.ok) throw new Error(postgres.error);
    expect(postgres.data.tables.map((table) => table.table)).toEqual(expect.arrayContaining(['loads', 'drivers', 'users']));
    expect(postgres.data.tables.find((table) => table.table === 'loads')!.liveRows).toBeGreaterThan(0);
    // The app's own pool is connected to this database.
    expect(postgres.data.connections.reduce((sum, c) => sum + c.count, 0)).toBeGreaterThan(1);
    const password = decodeURIComponent(new URL(t.databaseUrl).password);
    if (password) expect(JSON.stringify(result.json) + result.markdown).not.toContain(`:${password}@`);
    // The embedded test PostgreSQL does not preload pg_stat_statements: the report says so.
    if (postgres.data.pgStatStatements.available) {
      expect(Array.isArray(postgres.data.pgStatStatements.top)).toBe(true);
    } else {
      expect(postgres.data.pgStatStatements.reason).toMatch(/pg_stat_statements/);
    }

    const md = result.markdown;
    for (const heading of [
      '# Baseline report',
      '## Red flags',
      '## API health',
      '## API process and response cache',
      '## Redis',
      '## PostgreSQL',
      '### Sequential vs index scans per table',
      '### Connections by state',
    ]) {
      expect(md).toContain(heading);
    }
    expect(md).toContain('Sources reached: health, metrics, redis, postgres');
    expect(md).toMatch(/\| \/api\/loads \| 2 \| 1 \| 0 \| 66\.7% \|/);
    expect(md).toMatch(/\| loads \| \d+ \| \d+ \| \d+ \|/);
    expect(md).not.toContain('Not collected');
  });

  it('still writes both reports, naming each source it cannot reach, and exits 1 when none answered', async () => {
    const [apiPort, redisPort, pgPort] = await Promise.all([freePort(), freePort(), freePort()]);
    const result = await runBaseline({
      API_URL: `http://127.0.0.1:${apiPort}`,
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      DATABASE_URL: `postgres://freight:hunter2@127.0.0.1:${pgPort}/freight`,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`API health at http://127.0.0.1:${apiPort}/api/health is unreachable: connect ECONNREFUSED`);
    expect(result.stderr).toContain(`API metrics at http://127.0.0.1:${apiPort}/metrics are unavailable`);
    expect(result.stderr).toContain(`Redis at redis://127.0.0.1:${redisPort} is unreachable`);
    expect(result.stderr).toContain(`PostgreSQL at postgres://freight:***@127.0.0.1:${pgPort}/freight is unreachable`);
    expect(result.stderr).toContain('No source answered');
    expect(result.stderr + result.stdout + result.markdown).not.toContain('hunter2');
    expect(Object.values(result.json.sources).every((source) => !source.ok)).toBe(true);
    expect(result.markdown.match(/> \*\*Not collected:\*\*/g)).toHaveLength(4);
  });

  it('exits 0 with what it got when only some sources answer', async () => {
    const redisPort = await freePort();
    const result = await runBaseline({ API_URL: t.baseUrl, REDIS_URL: `redis://127.0.0.1:${redisPort}`, DATABASE_URL: t.databaseUrl });
    expect(result.code).toBe(0);
    expect(result.json.sources.redis.ok).toBe(false);
    expect(result.json.sources.postgres.ok).toBe(true);
    expect(result.markdown).toContain(`> **Not collected:** Redis at redis://127.0.0.1:${redisPort} is unreachable`);
  });
});
