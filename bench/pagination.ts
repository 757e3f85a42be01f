/**
 * `npm run bench:pagination -- --database-url URL [--runs 7] [--duration 5] [--connections 10] [--skip-api]`
 *
 * Keyset versus OFFSET pagination on the 1M-load database (`npm run bench:bigdb`), 20 rows a
 * page (LIMIT 21, as the API fetches one extra row to know whether a next page exists), at
 * pages 1, 100 and 10,000 (and 25,000: half of the table):
 *   OFFSET:  SELECT * FROM loads ORDER BY created_at DESC, id DESC LIMIT 21 OFFSET (page-1)*20
 *   keyset:  SELECT * FROM loads WHERE (created_at, id) < ($1, $2) ORDER BY ... LIMIT 21
 *            where ($1, $2) is the last row of the page before
 * as the median of --runs warm EXPLAIN (ANALYZE, BUFFERS) runs, plus the API's own keyset page
 * (GET /api/loads?cursor=...) at the same depths with autocannon, CACHE_ENABLED=false.
 * Writes reports/issue5/pagination-<timestamp>.{md,json}.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { encodeCursor } from '../src/common/cursor';
import { login } from './lib/http-get';
import { ApiLatency, measureRoute } from './issue5/api-latency';
import { buildApp, BuiltApp, startBuiltApp } from './issue5/built-app';
import { explainAnalyze, ExplainResult } from './issue5/explain';

const PAGES = [1, 100, 10_000, 25_000];
const PAGE_SIZE = 20;
const ORDER = 'ORDER BY created_at DESC, id DESC LIMIT 21';

interface Options {
  databaseUrl: string;
  runs: number;
  durationS: number;
  connections: number;
  skipApi: boolean;
}

function parse(argv: string[]): Options {
  const o: Partial<Options> = { runs: 7, durationS: 5, connections: 10, skipApi: false };
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
      default:
        throw new Error(`unknown flag ${argv[i]}`);
    }
  }
  if (!o.databaseUrl) throw new Error('--database-url is required (npm run bench:bigdb prints it)');
  return o as Options;
}

interface Row {
  page: number;
  offset: number;
  offsetPlan: ExplainResult;
  keysetPlan: ExplainResult;
  api: ApiLatency | null;
  load1: number;
}

const log = (line: string) => console.error(`[pagination ${new Date().toISOString().slice(11, 19)}] ${line}`);
const ms = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));

async function main(): Promise<void> {
  const o = parse(process.argv.slice(2));
  const db = new Client({ connectionString: o.databaseUrl });
  await db.connect();
  const tmp = mkdtempSync(join(tmpdir(), 'freight-pagination-'));
  let app: BuiltApp | undefined;
  const rows: Row[] = [];
  try {
    let token = '';
    if (!o.skipApi) {
      app = await startBuiltApp(
        buildApp('.data/issue5-dist', false, log),
        { DATABASE_URL: o.databaseUrl, CACHE_ENABLED: 'false' },
        tmp,
        'pagination-app',
      );
      const email = (
        await db.query<{ email: string }>(
          `SELECT email FROM users WHERE role = 'dispatcher' AND email LIKE '%.bulk.freight.local' ORDER BY email LIMIT 1`,
        )
      ).rows[0].email;
      token = await login(app.url, email, 'bulk-seed-dev');
    }
    for (const page of PAGES) {
      const offset = (page - 1) * PAGE_SIZE;
      const load1 = loadavg()[0];
      const offsetPlan = await explainAnalyze(db, `SELECT * FROM loads ${ORDER} OFFSET $1`, [offset], o.runs);
      let keysetPlan: ExplainResult;
      let route = '/api/loads?limit=20';
      if (offset === 0) {
        keysetPlan = await explainAnalyze(db, `SELECT * FROM loads ${ORDER}`, [], o.runs);
      } else {
        const before = (await db.query(`SELECT created_at, id FROM loads ORDER BY created_at DESC, id DESC OFFSET $1 LIMIT 1`, [offset - 1]))
          .rows[0] as { created_at: Date; id: string };
        keysetPlan = await explainAnalyze(
          db,
          `SELECT * FROM loads WHERE (created_at, id) < ($1, $2) ${ORDER}`,
          [before.created_at, before.id],
          o.runs,
        );
        route += `&cursor=${encodeCursor({ createdAt: before.created_at, id: before.id })}`;
      }
      const api = app ? await measureRoute(`${app.url}${route}`, token, o.connections, o.durationS) : null;
      rows.push({ page, offset, offsetPlan, keysetPlan, api, load1 });
      log(
        `page ${page}: OFFSET ${ms(offsetPlan.medianMs)} ms, keyset ${ms(keysetPlan.medianMs)} ms${api ? `, API ${api.rps} req/s p50 ${api.p50Ms} ms` : ''}`,
      );
    }
  } finally {
    await app?.stop();
    await db.end();
    rmSync(tmp, { recursive: true, force: true });
  }
  const lines = [
    `Keyset vs OFFSET on 1M loads, ${o.runs} warm EXPLAIN (ANALYZE, BUFFERS) runs (median); API: GET /api/loads?limit=20&cursor=..., autocannon ${o.connections} connections x ${o.durationS} s, CACHE_ENABLED=false; ${cpus().length} x ${cpus()[0]?.model.trim()}, ${new Date().toISOString()}`,
    '',
    '| page (OFFSET) | OFFSET ms (min-max) | OFFSET buffers | OFFSET plan | keyset ms (min-max) | keyset buffers | OFFSET / keyset | API keyset req/s | API p50 ms | API p99 ms | load avg |',
    '| ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.page.toLocaleString('en-US')} (${r.offset.toLocaleString('en-US')}) | ${ms(r.offsetPlan.medianMs)} (${ms(r.offsetPlan.minMs)}-${ms(r.offsetPlan.maxMs)}) | ${r.offsetPlan.buffers.toLocaleString('en-US')} | ${r.offsetPlan.shape} | ${ms(r.keysetPlan.medianMs)} (${ms(r.keysetPlan.minMs)}-${ms(r.keysetPlan.maxMs)}) | ${r.keysetPlan.buffers} | ${(r.offsetPlan.medianMs / r.keysetPlan.medianMs).toFixed(0)}x | ${r.api?.rps.toLocaleString('en-US') ?? '-'} | ${r.api?.p50Ms ?? '-'} | ${r.api?.p99Ms ?? '-'} | ${r.load1.toFixed(2)} |`,
    ),
  ];
  const markdown = lines.join('\n');
  const dir = resolve('reports/issue5');
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  writeFileSync(join(dir, `pagination-${stamp}.md`), markdown);
  writeFileSync(join(dir, `pagination-${stamp}.json`), JSON.stringify(rows, null, 2));
  console.log(markdown);
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
