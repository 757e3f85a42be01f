/**
 * The price of a cache hit against the bare ceiling, side by side in one run (issue 11, "A
 * cheaper hit"). `npm run bench:hit -- [--duration 10] [--warmup 3] [--connections 100]
 * [--rounds 3] [--cpu-prof dir] [--baseline-tree dir] [--register transpile|ts-node]`.
 *
 * One throwaway PostgreSQL (demo data) and one redis-server; three servers, each in its own
 * child process, all started before the first measurement and kept for the whole run:
 *   bare-string  node:http + one node-redis GET, the body sent as a string (one write)
 *   bare-buffer  the same, the body sent as a Buffer (headers + body in a writev)
 *   app          the real app (Redis store, request log and metrics on, as deployed) serving
 *                the cached GET /api/loads?limit=20 with a dispatcher's token: the guard
 *                verifies the token and checks its state on every hit
 *   app-baseline  with --baseline-tree: the same app from another checkout of this repository
 *                (e.g. `git archive <commit> | tar -x -C dir`, node_modules linked), for before
 *                and after in one run
 * All of them send the same bytes (checked). The children load their TypeScript through
 * bench/lib/transpile-register.js (--register ts-node for ts-node, as bench:cache does), which
 * leaves node:domain out as the compiled app in production does. Each round loads each server in turn (the order
 * rotates from round to round, so none always runs first), and the ratios app/bare-string and
 * app/bare-buffer are taken within the round: the machine is shared and its load drifts
 * between rounds more than within one. Prints Markdown, the median ratio over the rounds, and
 * writes bench/results/hit-<timestamp>.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { createClient } from 'redis';
import { DEMO_LOGINS } from '../src/database/seeding/demo-data';
import { httpRequest, login } from './lib/http-get';
import { startInfra } from './lib/infra';
import { LoadSummary, LoadTarget, runLoad } from './lib/load';
import { ServerProcess, startServer } from './lib/server-process';

const PATH = '/api/loads?limit=20';
const BARE_KEY = 'bench:bare:loads-first-page';
const DISPATCHER = DEMO_LOGINS.find((l) => l.role === 'dispatcher')!;
/** The ratio issue 11 asks of app/bare-string. */
const TARGET = 0.6;

interface Options {
  duration: number;
  warmup: number;
  connections: number[];
  rounds: number;
  cpuProfDir: string | null;
  baselineTree: string | null;
  register: 'transpile' | 'ts-node';
}

const USAGE =
  'npm run bench:hit -- [--duration s] [--warmup s] [--connections 100[,10]] [--rounds n] [--cpu-prof dir] [--baseline-tree dir] [--register transpile|ts-node]';

function positive(flag: string, raw: string | undefined): number {
  const value = Number(raw);
  if (raw === undefined || !Number.isFinite(value) || value <= 0) throw new Error(`${flag} needs a positive number\n${USAGE}`);
  return value;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { duration: 10, warmup: 3, connections: [100], rounds: 3, cpuProfDir: null, baselineTree: null, register: 'transpile' };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => argv[++i];
    switch (flag) {
      case '--duration':
        options.duration = positive(flag, value());
        break;
      case '--warmup':
        options.warmup = positive(flag, value());
        break;
      case '--connections':
        options.connections = (value() ?? '').split(',').map((c) => Math.round(positive(flag, c)));
        break;
      case '--rounds':
        options.rounds = Math.round(positive(flag, value()));
        break;
      case '--cpu-prof':
        options.cpuProfDir = value() ?? null;
        if (!options.cpuProfDir) throw new Error(`--cpu-prof needs a directory\n${USAGE}`);
        break;
      case '--baseline-tree':
        options.baselineTree = value() ?? null;
        if (!options.baselineTree) throw new Error(`--baseline-tree needs a directory\n${USAGE}`);
        options.baselineTree = resolve(options.baselineTree);
        break;
      case '--register': {
        const register = value();
        if (register !== 'transpile' && register !== 'ts-node') throw new Error(`--register is transpile or ts-node\n${USAGE}`);
        options.register = register;
        break;
      }
      case '--help':
      case '-h':
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown flag ${flag}\n${USAGE}`);
    }
  }
  return options;
}

interface Variant {
  id: 'bare-string' | 'bare-buffer' | 'app' | 'app-baseline';
  label: string;
  entry: string;
  env: Record<string, string>;
  /** The checkout it runs from (this one unless set). */
  root?: string;
}

interface Measured {
  round: number;
  variant: Variant['id'];
  loadAverage: number;
  run: LoadSummary;
}

const log = (line: string) => console.error(`[bench:hit ${new Date().toISOString().slice(11, 19)}] ${line}`);
const fmt = (n: number) => n.toLocaleString('en-US');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The order of round r: rotated by one each round. */
function rotated<T>(list: T[], round: number): T[] {
  const shift = (round - 1) % list.length;
  return [...list.slice(shift), ...list.slice(0, shift)];
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const startedAt = new Date();
  log(`options ${JSON.stringify(options)}; load average ${loadavg()[0].toFixed(2)}`);
  const infra = await startInfra(log);
  const redisUrl = infra.redis.url;
  const appEnv = {
    DATABASE_URL: infra.databaseUrl,
    SEED_DEMO_DATA: 'true',
    CACHE_WARMUP: 'false',
    SWAGGER_ENABLED: 'false',
    NODE_ENV: 'development',
    CACHE_ENABLED: 'true',
    REDIS_URL: redisUrl,
    // A hit is what is measured: on a busy machine a lookup past the default bound would answer
    // BYPASS and run the handler instead (the table shows the share of hits either way).
    REDIS_COMMAND_TIMEOUT_MS: '2000',
  };
  const variants: Variant[] = [
    {
      id: 'bare-string',
      label: 'bare node:http + GET, string body',
      entry: 'bare-redis-server.ts',
      env: { BARE_REDIS_URL: redisUrl, BARE_KEY, BARE_BODY: 'string' },
    },
    {
      id: 'bare-buffer',
      label: 'bare node:http + GET, Buffer body',
      entry: 'bare-redis-server.ts',
      env: { BARE_REDIS_URL: redisUrl, BARE_KEY, BARE_BODY: 'buffer' },
    },
    { id: 'app', label: 'app, cached hit (Redis store, auth, log, metrics)', entry: 'app-server.ts', env: appEnv },
  ];
  if (options.baselineTree) {
    variants.push({ id: 'app-baseline', label: `app from ${options.baselineTree}`, entry: 'app-server.ts', env: appEnv, root: options.baselineTree });
  }
  const servers = new Map<Variant['id'], ServerProcess>();
  try {
    // The apps one after the other: both migrate and seed the same database at start-up.
    for (const variant of variants.filter((v) => v.entry === 'app-server.ts')) {
      const profiling = variant.id === 'app' ? profilingArgs(options) : [];
      servers.set(
        variant.id,
        await startServer(variant.id, variant.entry, variant.env, infra.logDir, profiling, { root: variant.root, register: options.register }),
      );
    }
    const app = servers.get('app')!;
    const token = await login(app.baseUrl, DISPATCHER.email, DISPATCHER.password);
    const headers = { authorization: `Bearer ${token}` };
    // The first request is the miss that stores the entry; the second is a hit, and its body
    // is what every server must send.
    await httpRequest('GET', app.baseUrl + PATH, headers);
    const reference = await httpRequest('GET', app.baseUrl + PATH, headers);
    if (reference.status !== 200 || reference.headers['x-cache'] !== 'HIT') {
      throw new Error(`GET ${PATH} answered ${reference.status}, X-Cache ${String(reference.headers['x-cache'])}\n${app.output()}`);
    }
    log(`GET ${PATH}: ${reference.body.length} bytes`);
    const raw = createClient({ url: redisUrl });
    await raw.connect();
    await raw.set(BARE_KEY, reference.body);
    await raw.close();
    for (const variant of variants.filter((v) => v.entry !== 'app-server.ts')) {
      servers.set(variant.id, await startServer(variant.id, variant.entry, variant.env, infra.logDir, [], { register: options.register }));
    }

    const targets = new Map<Variant['id'], LoadTarget>();
    for (const variant of variants) {
      const target: LoadTarget = { url: servers.get(variant.id)!.baseUrl + PATH, headers };
      const check = await httpRequest('GET', target.url, headers);
      if (check.status !== 200 || !check.body.equals(reference.body)) throw new Error(`${variant.label} does not send the reference bytes`);
      targets.set(variant.id, target);
      await runLoad(target, Math.max(...options.connections), options.warmup);
    }

    const measured: Measured[] = [];
    for (let round = 1; round <= options.rounds; round++) {
      for (const variant of rotated(variants, round)) {
        const server = servers.get(variant.id)!;
        for (const connections of options.connections) {
          const loadAverage = loadavg()[0];
          const cpuBefore = await server.cpuMicros();
          const run = await runLoad(targets.get(variant.id)!, connections, options.duration);
          run.cpuUsPerRequest = Math.round(((await server.cpuMicros()) - cpuBefore) / Math.max(1, run.requests));
          log(
            `round ${round} ${variant.id} ${connections} connections: ${fmt(run.rps)} req/s, ${run.cpuUsPerRequest} us CPU/request, p99 ${run.p99Ms} ms, errors ${run.errors + run.timeouts}, non-2xx ${run.non2xx}, X-Cache ${JSON.stringify(run.xCache)}; load ${loadAverage.toFixed(2)}`,
          );
          if (run.errors + run.timeouts + run.non2xx > 0) throw new Error(`${variant.label}: errors under load\n${server.output()}`);
          measured.push({ round, variant: variant.id, loadAverage, run });
        }
      }
    }

    const report = summarise(measured, variants, options, reference.body.length, startedAt);
    console.log(report.markdown);
    const dir = resolve(__dirname, 'results');
    mkdirSync(dir, { recursive: true });
    const file = resolve(dir, `hit-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(
      file,
      JSON.stringify(
        { startedAt, machine: machine(), options, path: PATH, bodyBytes: reference.body.length, measured, ratios: report.ratios },
        null,
        2,
      ),
    );
    log(`wrote ${file}`);
  } finally {
    for (const server of servers.values()) await server.stop();
    await infra.stop();
  }
}

function profilingArgs(options: Options): string[] {
  if (!options.cpuProfDir) return [];
  return ['--cpu-prof', `--cpu-prof-dir=${resolve(options.cpuProfDir)}`, `--cpu-prof-name=app-${Date.now()}.cpuprofile`];
}

function machine(): string {
  return `${cpus().length} x ${cpus()[0]?.model.trim() ?? 'cpu'}, Node ${process.version}`;
}

/** One ratio of two variants' req/s, per round, at one connection count. */
interface RatioSeries {
  connections: number;
  name: string;
  target: number | null;
  values: number[];
}

const hitShare = (run: LoadSummary) => `${(((run.xCache.HIT ?? 0) / Math.max(1, run.requests)) * 100).toFixed(1)}%`;

function summarise(
  measured: Measured[],
  variants: Variant[],
  options: Options,
  bodyBytes: number,
  startedAt: Date,
): { markdown: string; ratios: RatioSeries[] } {
  const find = (round: number, id: Variant['id'], connections: number) =>
    measured.find((m) => m.round === round && m.variant === id && m.run.connections === connections)?.run;
  const pairs: Array<[Variant['id'], Variant['id'], number | null]> = [
    ['app', 'bare-string', TARGET],
    ['app', 'bare-buffer', null],
    ['app-baseline', 'bare-string', null],
    ['app-baseline', 'bare-buffer', null],
    ['app', 'app-baseline', null],
  ];
  const present = pairs.filter(([top, bottom]) => variants.some((v) => v.id === top) && variants.some((v) => v.id === bottom));
  const apps = variants.filter((v) => v.entry === 'app-server.ts');
  const lines = [
    `Cache hit against the bare ceiling, ${startedAt.toISOString()}, ${machine()}`,
    `GET ${PATH} (${fmt(bodyBytes)} bytes, dispatcher token, no Accept-Encoding); ${options.duration} s per run after ${options.warmup} s warm-up; ${options.rounds} round(s), order rotated each round; TypeScript loaded by ${options.register}${options.baselineTree ? `; app-baseline = ${options.baselineTree}` : ''}`,
    '',
    '| round | connections | load avg | ' +
      variants.map((v) => `${v.id} req/s (CPU us/req)`).join(' | ') +
      ' | ' +
      apps.map((v) => `${v.id} X-Cache HIT`).join(' | ') +
      ' | ' +
      present.map(([top, bottom]) => `${top} / ${bottom}`).join(' | ') +
      ' |',
    '| ---: | ---: | ---: | ' + [...variants, ...apps, ...present].map(() => '---:').join(' | ') + ' |',
  ];
  const ratios: RatioSeries[] = options.connections.flatMap((connections) =>
    present.map(([top, bottom, target]) => ({ connections, name: `${top} / ${bottom}`, target, values: [] as number[] })),
  );
  for (let round = 1; round <= options.rounds; round++) {
    for (const connections of options.connections) {
      const runs = variants.map((v) => find(round, v.id, connections)!);
      const load = Math.max(...measured.filter((m) => m.round === round && m.run.connections === connections).map((m) => m.loadAverage));
      const cells = present.map(([top, bottom]) => {
        const value = find(round, top, connections)!.rps / find(round, bottom, connections)!.rps;
        ratios.find((r) => r.connections === connections && r.name === `${top} / ${bottom}`)!.values.push(value);
        return value.toFixed(2);
      });
      lines.push(
        `| ${round} | ${connections} | ${load.toFixed(2)} | ${runs.map((r) => `${fmt(r.rps)} (${r.cpuUsPerRequest})`).join(' | ')} | ${apps
          .map((v) => hitShare(find(round, v.id, connections)!))
          .join(' | ')} | ${cells.join(' | ')} |`,
      );
    }
  }
  lines.push(
    '',
    '| connections | ratio of req/s, same round | median | min | max | target | met |',
    '| ---: | --- | ---: | ---: | ---: | ---: | --- |',
  );
  for (const r of ratios) {
    const m = median(r.values);
    const met = r.target === null ? '' : m >= r.target ? 'yes' : 'NO';
    lines.push(
      `| ${r.connections} | ${r.name} | ${m.toFixed(2)} | ${Math.min(...r.values).toFixed(2)} | ${Math.max(...r.values).toFixed(2)} | ${r.target === null ? '' : `>= ${r.target}`} | ${met} |`,
    );
  }
  return { markdown: lines.join('\n'), ratios };
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
