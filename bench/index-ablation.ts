/**
 * `npm run bench:indexes -- --database-url URL [--runs 7] [--duration 5] [--connections 10]
 *   [--skip-api] [--dist .data/issue5-dist]`
 *
 * Index ablation on the 1M-load database (`npm run bench:bigdb`): for each of the six indexed
 * list queries (the SQL shapes of test/indexes.e2e-spec.ts, as the services build them:
 * `SELECT *`, `IN (...)`, LIMIT 21 for a page of 20):
 *   1. EXPLAIN (ANALYZE, BUFFERS) with every index, then with its index (or indexes) dropped
 *      inside a transaction that is rolled back: median of --runs warm runs each;
 *   2. the matching GET route through the API (the built app, CACHE_ENABLED=false, its own
 *      child process) with autocannon, with the index, then with it dropped for real and
 *      recreated after.
 * Where the planner falls back on a sibling index (idx_loads_driver_status serves driver_id
 * alone too), it ablates each one and both together, and says which plan ran.
 * Writes reports/issue5/indexes-<timestamp>.{md,json}.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { encodeCursor } from '../src/common/cursor';
import { login } from './lib/http-get';
import { ApiLatency, measureRoute } from './issue5/api-latency';
import { buildApp, startBuiltApp, BuiltApp } from './issue5/built-app';
import { dropIndexesCommitted, explainAnalyze, ExplainResult, withoutIndexesInTransaction } from './issue5/explain';

interface Options {
  databaseUrl: string;
  runs: number;
  durationS: number;
  connections: number;
  skipApi: boolean;
  dist: string;
  only: string[] | null;
}

function parse(argv: string[]): Options {
  const o: Partial<Options> = { runs: 7, durationS: 5, connections: 10, skipApi: false, dist: '.data/issue5-dist', only: null };
  for (let i = 0; i < argv.length; i++) {
    const next = () => argv[++i];
    switch (argv[i]) {
      case '--database-url':
        o.databaseUrl = next();
        break;
      case '--runs':
        o.runs = Number(next());
        break;
      case '--duration':
        o.durationS = Number(next());
        break;
      case '--connections':
        o.connections = Number(next());
        break;
      case '--skip-api':
        o.skipApi = true;
        break;
      case '--dist':
        o.dist = next();
        break;
      case '--only':
        o.only = next().split(',');
        break;
      default:
        throw new Error(`unknown flag ${argv[i]}`);
    }
  }
  if (!o.databaseUrl) throw new Error('--database-url is required (npm run bench:bigdb prints it)');
  return o as Options;
}

interface Case {
  id: string;
  label: string;
  sql: string;
  params: unknown[];
  /** The API route that runs this query, and whose token it needs. */
  route: string;
  as: 'dispatcher' | 'notifiedUser';
  /** Each entry is one ablation: the indexes dropped together. */
  ablations: string[][];
}

const PAGE = 'ORDER BY created_at DESC, id DESC LIMIT 21';

async function cases(db: Client): Promise<{ list: Case[]; notifiedEmail: string; dispatcherEmail: string }> {
  // As test/indexes.e2e-spec.ts: a driver who is on a job, and the user with most notifications.
  const busy = (
    await db.query<{ driver_id: string }>(
      `SELECT driver_id FROM loads WHERE status = 'in_transit' AND driver_id IS NOT NULL ORDER BY driver_id LIMIT 1`,
    )
  ).rows[0].driver_id;
  const notified = (
    await db.query<{ user_id: string; email: string }>(
      `SELECT n.user_id, u.email FROM notifications n JOIN users u ON u.id = n.user_id GROUP BY n.user_id, u.email ORDER BY count(*) DESC, n.user_id LIMIT 1`,
    )
  ).rows[0];
  const busyLoads = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM loads WHERE driver_id = $1', [busy])).rows[0].n;
  const notifiedCount = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM notifications WHERE user_id = $1', [notified.user_id])).rows[0]
    .n;
  const dispatcherEmail = (
    await db.query<{ email: string }>(
      `SELECT email FROM users WHERE role = 'dispatcher' AND email LIKE '%.bulk.freight.local' ORDER BY email LIMIT 1`,
    )
  ).rows[0].email;
  // Half way down the list: the last row of page 25,000 of 20.
  const deep = (await db.query(`SELECT created_at, id FROM loads ORDER BY created_at DESC, id DESC OFFSET 499999 LIMIT 1`)).rows[0] as {
    created_at: Date;
    id: string;
  };
  const cursor = encodeCursor({ createdAt: deep.created_at, id: deep.id });
  const list: Case[] = [
    {
      id: 'status',
      label: "loads by status (posted): the dispatcher's board",
      sql: `SELECT * FROM loads WHERE status IN ($1) ${PAGE}`,
      params: ['posted'],
      route: '/api/loads?status=posted',
      as: 'dispatcher',
      ablations: [['idx_loads_status']],
    },
    {
      id: 'driver',
      label: `a driver's loads (${busyLoads.toLocaleString('en-US')} rows)`,
      sql: `SELECT * FROM loads WHERE driver_id = $1 ${PAGE}`,
      params: [busy],
      route: `/api/loads?driverId=${busy}`,
      as: 'dispatcher',
      ablations: [['idx_loads_driver_id'], ['idx_loads_driver_status'], ['idx_loads_driver_id', 'idx_loads_driver_status'], ['idx_loads_created_at']],
    },
    {
      id: 'driver-status',
      label: "a driver's assigned loads",
      sql: `SELECT * FROM loads WHERE status IN ($1) AND driver_id = $2 ${PAGE}`,
      params: ['assigned', busy],
      route: `/api/loads?driverId=${busy}&status=assigned`,
      as: 'dispatcher',
      ablations: [['idx_loads_driver_status'], ['idx_loads_driver_id', 'idx_loads_driver_status']],
    },
    {
      id: 'newest',
      label: 'newest loads, page 1',
      sql: `SELECT * FROM loads ${PAGE}`,
      params: [],
      route: '/api/loads',
      as: 'dispatcher',
      ablations: [['idx_loads_created_at']],
    },
    {
      id: 'deep',
      label: 'newest loads, keyset page 25,001 (500,000 rows deep)',
      sql: `SELECT * FROM loads WHERE (created_at, id) < ($1, $2) ${PAGE}`,
      params: [deep.created_at, deep.id],
      route: `/api/loads?cursor=${cursor}`,
      as: 'dispatcher',
      ablations: [['idx_loads_created_at']],
    },
    {
      id: 'available',
      label: 'available drivers',
      sql: `SELECT * FROM drivers WHERE is_available = $1 ${PAGE}`,
      params: [true],
      route: '/api/drivers?isAvailable=true',
      as: 'dispatcher',
      ablations: [['idx_drivers_available'], ['idx_drivers_created_at'], ['idx_drivers_available', 'idx_drivers_created_at']],
    },
    {
      id: 'notifications',
      label: `a user's newest notifications (${notifiedCount.toLocaleString('en-US')} rows)`,
      sql: `SELECT * FROM notifications WHERE user_id = $1 ${PAGE}`,
      params: [notified.user_id],
      route: '/api/notifications',
      as: 'notifiedUser',
      ablations: [['idx_notification_user_created']],
    },
  ];
  return { list, notifiedEmail: notified.email, dispatcherEmail };
}

interface Measurement {
  dropped: string[];
  explain: ExplainResult;
  api: ApiLatency | null;
  load1: number;
}

const log = (line: string) => console.error(`[indexes ${new Date().toISOString().slice(11, 19)}] ${line}`);
const ms = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));

async function main(): Promise<void> {
  const o = parse(process.argv.slice(2));
  const db = new Client({ connectionString: o.databaseUrl });
  await db.connect();
  const tmp = mkdtempSync(join(tmpdir(), 'freight-indexes-'));
  let app: BuiltApp | undefined;
  let restore: (() => Promise<void>) | undefined;
  const cleanUp = async () => {
    await restore?.().catch((error: unknown) => console.error('RECREATING AN INDEX FAILED', error));
    await app?.stop();
    rmSync(tmp, { recursive: true, force: true });
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void cleanUp().then(() => process.exit(130)));
  const results: Array<{ case: Case; measurements: Measurement[] }> = [];
  try {
    const { list, notifiedEmail, dispatcherEmail } = await cases(db);
    const selected = o.only ? list.filter((c) => o.only!.includes(c.id)) : list;
    const tokens: Record<Case['as'], string> = { dispatcher: '', notifiedUser: '' };
    if (!o.skipApi) {
      app = await startBuiltApp(buildApp(o.dist, false, log), { DATABASE_URL: o.databaseUrl, CACHE_ENABLED: 'false' }, tmp, 'indexes-app');
      tokens.dispatcher = await login(app.url, dispatcherEmail, 'bulk-seed-dev');
      tokens.notifiedUser = await login(app.url, notifiedEmail, 'bulk-seed-dev');
    }
    for (const c of selected) {
      const measurements: Measurement[] = [];
      for (const dropped of [[], ...c.ablations]) {
        const load1 = loadavg()[0];
        const explain = dropped.length
          ? await withoutIndexesInTransaction(db, dropped, () => explainAnalyze(db, c.sql, c.params, o.runs))
          : await explainAnalyze(db, c.sql, c.params, o.runs);
        let api: ApiLatency | null = null;
        if (app) {
          restore = dropped.length ? await dropIndexesCommitted(db, dropped) : undefined;
          try {
            api = await measureRoute(`${app.url}${c.route}`, tokens[c.as], o.connections, o.durationS);
          } finally {
            await restore?.();
            restore = undefined;
          }
        }
        measurements.push({ dropped, explain, api, load1 });
        log(
          `${c.id} without [${dropped.join(', ')}]: ${ms(explain.medianMs)} ms (${explain.shape})${api ? `; API ${api.rps} req/s p50 ${api.p50Ms} ms p99 ${api.p99Ms} ms, non-2xx ${api.non2xx}` : ''} (load ${load1.toFixed(2)})`,
        );
      }
      results.push({ case: c, measurements });
    }
  } finally {
    await cleanUp();
    await db.end();
  }

  const lines = [
    `Index ablation, ${o.runs} warm EXPLAIN (ANALYZE, BUFFERS) runs (median), API: autocannon ${o.connections} connections x ${o.durationS} s, CACHE_ENABLED=false; ${cpus().length} x ${cpus()[0]?.model.trim()}, ${new Date().toISOString()}`,
    '',
    '| query | dropped | plan | EXPLAIN median ms (min-max) | buffers | API req/s | API p50 ms | API p99 ms | load avg |',
    '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const { case: c, measurements } of results) {
    for (const m of measurements) {
      const e = m.explain;
      lines.push(
        `| ${c.label} | ${m.dropped.length ? m.dropped.join(' + ') : '(none)'} | ${e.shape} | ${ms(e.medianMs)} (${ms(e.minMs)}-${ms(e.maxMs)}) | ${e.buffers.toLocaleString('en-US')} | ${m.api ? m.api.rps.toLocaleString('en-US') : '-'} | ${m.api?.p50Ms ?? '-'} | ${m.api?.p99Ms ?? '-'} | ${m.load1.toFixed(2)} |`,
      );
    }
  }
  lines.push(
    '',
    'Routes:',
    ...results.map(({ case: c }) => `- ${c.label}: \`GET ${c.route.replace(/cursor=.*/, 'cursor=<deep cursor>')}\` — \`${c.sql}\``),
  );
  const markdown = lines.join('\n');
  const dir = resolve('reports/issue5');
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  writeFileSync(join(dir, `indexes-${stamp}.md`), markdown);
  writeFileSync(join(dir, `indexes-${stamp}.json`), JSON.stringify(results, null, 2));
  console.log(markdown);
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
