/**
 * The response cache benchmark (issue 3, "Performance"). `npm run bench:cache [-- --quick]`.
 *
 * One throwaway PostgreSQL (demo data) and one redis-server; then, one server at a time,
 * each in its own child process while autocannon runs here, GET /api/loads?limit=20 with a
 * dispatcher's token and no Accept-Encoding against:
 *   (a) our cache, (b) the stock @nestjs/cache-manager CacheInterceptor on @keyv/redis,
 *   (c) no cache, (d) bare node:http + one node-redis GET (the ceiling)
 * and then the cost of clearing one pattern among 100,000 cached keys under load.
 * Prints Markdown and writes bench/results/cache-<timestamp>.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { createClient } from 'redis';
import { loadConfig } from '../src/config/app-config';
import { DEMO_LOGINS } from '../src/database/seeding/demo-data';
import { parseArgs } from './lib/args';
import { ClearingResult, defaultScenarios, measureClearing } from './lib/clearing';
import { startInfra } from './lib/infra';
import { httpRequest, login } from './lib/http-get';
import { LoadSummary, LoadTarget, runLoad } from './lib/load';
import { clearingTable, loadTable, Ratio, ratioTable, VariantResult } from './lib/report';
import { benchAppEnv } from './lib/bench-app-env';
import { startServer } from './lib/server-process';

const PATH = '/api/loads?limit=20';
const OTHER_DATA_PATH = '/api/drivers?limit=20';
const PREFIX = 'freight';
const BARE_KEY = 'bench:bare:loads-first-page';
const DISPATCHER = DEMO_LOGINS.find((l) => l.role === 'dispatcher')!;

interface Variant {
  id: string;
  label: string;
  entry: string;
  env: Record<string, string>;
}

const log = (line: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);

/** True once the METRICS_ENABLED switch exists in the typed config (being added in parallel). */
function metricsSwitchExists(): boolean {
  const base = { ...benchAppEnv(), DATABASE_URL: 'postgres://bench@127.0.0.1/bench' };
  try {
    return JSON.stringify(loadConfig({ ...base, METRICS_ENABLED: 'true' })) !== JSON.stringify(loadConfig({ ...base, METRICS_ENABLED: 'false' }));
  } catch {
    return false;
  }
}

// Diagnostic variants: the same servers without the per-request log line and metrics, to
// show how much of a hit's cost is the cache and how much the rest of the app.
const LEAN = { LOG_REQUESTS: 'false', METRICS_ENABLED: 'false' };

function variants(redisUrl: string, withMetricsSwitch: boolean): Variant[] {
  const list: Variant[] = [{ id: 'a', label: '(a) our cache', entry: 'app-server.ts', env: { CACHE_ENABLED: 'true', REDIS_URL: redisUrl } }];
  if (withMetricsSwitch) {
    list[0] = { ...list[0], label: '(a) our cache, metrics on', env: { ...list[0].env, METRICS_ENABLED: 'true' } };
    list.push({
      id: 'a-nometrics',
      label: '(a) our cache, metrics off',
      entry: 'app-server.ts',
      env: { CACHE_ENABLED: 'true', REDIS_URL: redisUrl, METRICS_ENABLED: 'false' },
    });
  }
  list.push(
    {
      id: 'b',
      label: '(b) stock CacheInterceptor + @keyv/redis',
      entry: 'stock-cache-server.ts',
      env: { CACHE_ENABLED: 'false', STOCK_REDIS_URL: redisUrl },
    },
    { id: 'c', label: '(c) no cache', entry: 'app-server.ts', env: { CACHE_ENABLED: 'false' } },
    { id: 'd', label: '(d) bare node:http + node-redis GET (ceiling)', entry: 'bare-redis-server.ts', env: { BARE_REDIS_URL: redisUrl, BARE_KEY } },
    {
      id: 'a-lean',
      label: '(a) our cache, no request log, no metrics',
      entry: 'app-server.ts',
      env: { CACHE_ENABLED: 'true', REDIS_URL: redisUrl, ...LEAN },
    },
    {
      id: 'b-lean',
      label: '(b) stock, no request log, no metrics',
      entry: 'stock-cache-server.ts',
      env: { CACHE_ENABLED: 'false', STOCK_REDIS_URL: redisUrl, ...LEAN },
    },
  );
  return list;
}

function median(runs: LoadSummary[]): LoadSummary {
  const sorted = [...runs].sort((x, y) => x.rps - y.rps);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

function ratios(results: VariantResult[], connections: number[]): Ratio[] {
  const rps = (id: string, c: number) => results.find((v) => v.id === id)?.runs.find((r) => r.connections === c)?.rps;
  const cpu = (id: string, c: number) => results.find((v) => v.id === id)?.runs.find((r) => r.connections === c)?.cpuUsPerRequest;
  const pairs: Array<[string, string, string, number | null]> = [
    ['a', 'b', 'a/b', 2.5],
    ['a', 'd', 'a/d', 0.5],
    ['a', 'c', 'a/c', null],
    ['a-nometrics', 'b', 'a/b (a metrics off)', 2.5],
    ['a-nometrics', 'd', 'a/d (a metrics off)', 0.5],
    ['a-lean', 'b-lean', 'a/b, both without request log and metrics', 2.5],
    ['a-lean', 'd', 'a/d, a without request log and metrics', 0.5],
  ];
  const out: Ratio[] = [];
  for (const c of connections) {
    for (const [top, bottom, name, target] of pairs) {
      const x = rps(top, c);
      const y = rps(bottom, c);
      if (x !== undefined && y) out.push({ connections: c, name, value: x / y, target });
      // The same comparison in server CPU per request (inverted: less CPU is more capacity),
      // which other load on this shared machine disturbs far less than requests/s.
      const cx = cpu(top, c);
      const cy = cpu(bottom, c);
      if (cx && cy) out.push({ connections: c, name: `${name} by CPU/request`, value: cy / cx, target: null });
    }
  }
  return out;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const startedAt = new Date();
  log(
    `options ${JSON.stringify(options)}; load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const infra = await startInfra(log);
  const redisUrl = infra.redis.url;
  const common = {
    DATABASE_URL: infra.databaseUrl,
    SEED_DEMO_DATA: 'true',
    CACHE_WARMUP: 'false',
    SWAGGER_ENABLED: 'false',
    NODE_ENV: 'development',
  };
  const withMetrics = metricsSwitchExists();
  if (!withMetrics) log('METRICS_ENABLED does not exist in src/config/app-config.ts yet: no metrics on/off variants');

  try {
    // Migrate, seed, log in and take the reference body once, outside any measurement.
    const setup = await startServer('setup', 'app-server.ts', { ...common, CACHE_ENABLED: 'false' }, infra.logDir);
    const token = await login(setup.baseUrl, DISPATCHER.email, DISPATCHER.password);
    const headers = { authorization: `Bearer ${token}` };
    const reference = await httpRequest('GET', setup.baseUrl + PATH, headers);
    await setup.stop();
    if (reference.status !== 200) throw new Error(`GET ${PATH} answered ${reference.status}`);
    log(`GET ${PATH}: ${reference.body.length} bytes`);
    const raw = createClient({ url: redisUrl });
    await raw.connect();
    await raw.set(BARE_KEY, reference.body);
    await raw.close();

    const list = variants(redisUrl, withMetrics).filter((v) => !options.only || options.only.includes(v.id));
    const collected = new Map<string, { variant: Variant; bodyBytes: number; sameBytes: boolean; runs: LoadSummary[] }>();
    for (let round = 1; round <= options.rounds; round++) {
      for (const variant of list) {
        log(`round ${round}: ${variant.label}: starting`);
        const profiling = options.cpuProfDir
          ? ['--cpu-prof', `--cpu-prof-dir=${resolve(options.cpuProfDir)}`, `--cpu-prof-name=${variant.id}-${Date.now()}.cpuprofile`]
          : [];
        const server = await startServer(variant.id, variant.entry, { ...common, ...variant.env }, infra.logDir, profiling);
        try {
          const target: LoadTarget = { url: server.baseUrl + PATH, headers };
          const first = await httpRequest('GET', target.url, headers);
          if (first.status !== 200)
            throw new Error(`${variant.label}: GET answered ${first.status} ${first.body.toString().slice(0, 300)}\n${server.output()}`);
          const entry = collected.get(variant.id) ?? {
            variant,
            bodyBytes: first.body.length,
            sameBytes: first.body.equals(reference.body),
            runs: [],
          };
          collected.set(variant.id, entry);
          await runLoad(target, Math.max(...options.connections), options.warmup);
          for (const connections of options.connections) {
            const cpuBefore = await server.cpuMicros();
            const run = await runLoad(target, connections, options.duration);
            run.cpuUsPerRequest = Math.round(((await server.cpuMicros()) - cpuBefore) / Math.max(1, run.requests));
            log(
              `  ${connections} connections: ${run.rps} req/s, ${run.cpuUsPerRequest} us CPU/request, p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms, errors ${run.errors}, non-2xx ${run.non2xx}, X-Cache ${JSON.stringify(run.xCache)}; load ${loadavg()[0].toFixed(2)}`,
            );
            entry.runs.push(run);
          }
        } finally {
          await server.stop();
        }
      }
    }
    const results: VariantResult[] = [...collected.values()].map(({ variant, bodyBytes, sameBytes, runs }) => ({
      id: variant.id,
      label: variant.label,
      bodyBytes,
      sameBytes,
      runs: options.connections.map((c) => median(runs.filter((r) => r.connections === c))),
    }));
    const ratioList = ratios(results, options.connections);

    let clearing: ClearingResult[] = [];
    if (!options.skipClear) {
      const server = await startServer('clearing', 'app-server.ts', { ...common, CACHE_ENABLED: 'true', REDIS_URL: redisUrl }, infra.logDir);
      try {
        const target: LoadTarget = { url: server.baseUrl + OTHER_DATA_PATH, headers };
        await runLoad(target, 10, options.warmup);
        clearing = await measureClearing(
          { redisUrl, prefix: PREFIX, body: reference.body, keys: options.clearKeys, durationS: options.clearDuration, target, log },
          defaultScenarios(PREFIX),
        );
      } finally {
        await server.stop();
      }
    }

    const machine = `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`;
    const markdown = [
      `Response cache bench, ${startedAt.toISOString()}, ${machine}`,
      `GET ${PATH} (${reference.body.length} bytes, dispatcher token, no Accept-Encoding); ${options.duration} s per run after ${options.warmup} s warm-up; median of ${options.rounds} round(s)`,
      '',
      loadTable(results),
      '',
      ratioTable(ratioList),
      ...(clearing.length
        ? [
            '',
            `Clearing among ${options.clearKeys.toLocaleString('en-US')} cached GET /api/loads variants while 10 connections hit GET ${OTHER_DATA_PATH} (cached) for ${options.clearDuration} s:`,
            '',
            clearingTable(clearing),
          ]
        : []),
    ].join('\n');
    console.log(markdown);

    const dir = resolve(__dirname, 'results');
    mkdirSync(dir, { recursive: true });
    const file = resolve(dir, `cache-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(
      file,
      JSON.stringify(
        {
          startedAt,
          machine,
          loadAverageAtEnd: loadavg(),
          options,
          path: PATH,
          bodyBytes: reference.body.length,
          metricsSwitch: withMetrics,
          variants: results,
          ratios: ratioList,
          clearing,
        },
        null,
        2,
      ),
    );
    log(`wrote ${file}`);
  } finally {
    await infra.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
