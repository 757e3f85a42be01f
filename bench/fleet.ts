/**
 * `npm run bench:fleet -- [--duration 60] [--loads 100000] [--drivers 300] [--seed 1]`: the fleet
 * scenario (npm run load-test -- --scenario fleet) with the cache on and then off, side by side,
 * on one seeded database. Starts its own embedded PostgreSQL and redis-server, seeds once with
 * `npm run seed` (the bulk seed), keeps that database as a template and gives each side a fresh
 * copy of it and an empty Redis, so both start from the same state. The API runs as a child
 * process. Prints a Markdown table (per route, totals, issue 11's targets) with the command line.
 */
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname } from 'node:path';
import { Client } from 'pg';
import { defaultFleetReportFile, runFleet } from './load-test/fleet/fleet-run';
import { renderFleetMarkdown } from './load-test/fleet/fleet-markdown';
import { parseFleetArgs } from './load-test/fleet/fleet-options';
import { comparisonMarkdown, FleetSide, targetChecks } from './lib/fleet/compare';
import { BenchInfra, startInfra } from './lib/infra';
import { startServer } from './lib/server-process';

interface RunnerOptions {
  durationSeconds: number;
  loads: number;
  drivers: number;
  seed: number;
}

const USAGE = `npm run bench:fleet -- [--duration s] [--loads n] [--drivers n] [--seed n]

  --duration  seconds of fleet traffic per side (default 60)
  --loads     loads in the bulk seed (default 100000)
  --drivers   drivers in the bulk seed (default 300; the fleet's 50 drivers are the last 50)
  --seed      seed of the actors' random choices, the same for both sides (default 1)

Exits 0 when every target of issue 11 passes, 1 when one fails, 2 when the run could not be made.`;

const FLEET_DRIVERS = 50;
const FLEET_DISPATCHERS = 8;
const TEMPLATE_DB = 'freight';
const SIDE_DB = 'fleet_side';

const log = (line: string) => process.stderr.write(`[bench:fleet] ${line}\n`);

function parse(argv: string[]): RunnerOptions | 'help' {
  const options: RunnerOptions = { durationSeconds: 60, loads: 100_000, drivers: 300, seed: 1 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--help' || flag === '-h') return 'help';
    const value = Number(argv[++i]);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`${flag} needs a positive number\n\n${USAGE}`);
    if (flag === '--duration') options.durationSeconds = value;
    else if (flag === '--loads') options.loads = Math.round(value);
    else if (flag === '--drivers') options.drivers = Math.round(value);
    else if (flag === '--seed') options.seed = Math.round(value);
    else throw new Error(`unknown flag ${flag}\n\n${USAGE}`);
  }
  if (options.drivers < FLEET_DRIVERS) throw new Error(`--drivers must be at least ${FLEET_DRIVERS}`);
  return options;
}

/** `npm run seed` as an operator runs it; returns the run tag its logins carry. */
function seed(databaseUrl: string, options: RunnerOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    const args = [
      'run',
      'seed',
      '--',
      '--loads',
      String(options.loads),
      '--drivers',
      String(options.drivers),
      '--users',
      String(FLEET_DISPATCHERS + 1),
    ];
    const child = spawn('npm', args, { env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => {
      const tag = /\(run tag ([a-z0-9]+)\)/.exec(output)?.[1];
      if (code === 0 && tag) resolve(tag);
      else reject(new Error(`npm run seed exited with ${code}:\n${output}`));
    });
  });
}

/** A fresh copy of the seeded database for one side (CREATE DATABASE ... TEMPLATE: a file copy, well under a second). */
async function freshCopy(infra: BenchInfra): Promise<string> {
  const admin = new Client({ connectionString: infra.databaseUrl.replace(/\/[^/]+$/, '/postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${SIDE_DB}`);
    await admin.query(`CREATE DATABASE ${SIDE_DB} TEMPLATE ${TEMPLATE_DB}`);
  } finally {
    await admin.end();
  }
  return infra.databaseUrl.replace(/\/[^/]+$/, `/${SIDE_DB}`);
}

async function side(infra: BenchInfra, cacheEnabled: boolean, runTag: string, options: RunnerOptions): Promise<FleetSide> {
  const name = cacheEnabled ? 'cache on' : 'cache off';
  const databaseUrl = await freshCopy(infra);
  // An empty Redis for each side: no entry of the other side's run survives.
  await infra.redis.kill();
  await infra.redis.restart();
  const server = await startServer(
    cacheEnabled ? 'api-cache-on' : 'api-cache-off',
    'app-server.ts',
    {
      DATABASE_URL: databaseUrl,
      REDIS_URL: infra.redis.url,
      CACHE_ENABLED: String(cacheEnabled),
      CACHE_WARMUP: 'false',
      SEED_DEMO_DATA: 'false',
      LOG_LEVEL: 'warn',
      LOG_REQUESTS: 'false',
    },
    infra.logDir,
  );
  try {
    const domain = `${runTag}.bulk.freight.local`;
    const pad = (n: number) => String(n).padStart(7, '0');
    const argv = [
      '--api-url',
      server.baseUrl,
      '--database-url',
      databaseUrl,
      '--duration',
      String(options.durationSeconds),
      '--seed',
      String(options.seed),
      // With --users 9 the bulk seed makes admin-0000000 and dispatchers 1 to 8.
      '--dispatcher-emails',
      `dispatcher-{${pad(1)}..${pad(FLEET_DISPATCHERS)}}@${domain}`,
      // The bulk seed's last drivers are the available ones: the writers' lanes come from them.
      '--driver-emails',
      `driver-{${pad(options.drivers - FLEET_DRIVERS)}..${pad(options.drivers - 1)}}@${domain}`,
      '--password',
      'bulk-seed-dev',
    ];
    const parsed = parseFleetArgs(argv, {});
    if (!parsed.ok) throw new Error(parsed.error);
    const startedAt = new Date();
    parsed.options.reportFile = defaultFleetReportFile(startedAt).replace('fleet-', `fleet-${cacheEnabled ? 'on' : 'off'}-`);
    log(`${name}: API on ${server.baseUrl}, fleet for ${options.durationSeconds} s (load average ${loadavg()[0].toFixed(2)})`);
    const cpuBefore = await server.cpuMicros();
    const report = await runFleet(parsed.options, (line) => log(`${name}: ${line}`));
    const cpuAfter = await server.cpuMicros();
    mkdirSync(dirname(report.reportFile), { recursive: true });
    writeFileSync(report.reportFile, renderFleetMarkdown(report));
    log(
      `${name}: ${report.reads.perSecond} reads/s, hit ${report.reads.hitRatePct ?? '—'}%, p95 ${report.reads.latencyMs.p95} ms, ` +
        `${report.postgres?.perSecond ?? '—'} tx/s, ${report.freshness.staleReads} stale, ${report.errors} errors; ${report.reportFile}`,
    );
    return { report, apiCpuPerSecond: Math.round((cpuAfter - cpuBefore) / 1e4 / report.elapsedSeconds) / 100 };
  } catch (error) {
    log(`${name}: API output:\n${server.output()}`);
    throw error;
  } finally {
    await server.stop();
  }
}

async function main(): Promise<number> {
  const options = parse(process.argv.slice(2));
  if (options === 'help') {
    console.log(USAGE);
    return 0;
  }
  const command = `npm run bench:fleet -- --duration ${options.durationSeconds} --loads ${options.loads} --drivers ${options.drivers} --seed ${options.seed}`;
  const loadBefore = loadavg();
  const infra = await startInfra(log);
  try {
    const seedStarted = Date.now();
    const runTag = await seed(infra.databaseUrl, options);
    const seedSeconds = (Date.now() - seedStarted) / 1000;
    log(`seeded ${options.loads} loads and ${options.drivers} drivers in ${seedSeconds.toFixed(1)} s (run tag ${runTag})`);
    const on = await side(infra, true, runTag, options);
    const off = await side(infra, false, runTag, options);
    const loadAfter = loadavg();
    const markdown = [
      `## Fleet scenario, cache on vs off (${new Date().toISOString().slice(0, 10)})`,
      '',
      '```',
      command,
      '```',
      '',
      `Each side: ${on.report.command.replace(/--api-url \S+ /, '--api-url <its API> ').replace(/--database-url \S+/, '--database-url <its copy>')}`,
      '',
      `${options.loads.toLocaleString('en-US')} loads and ${options.drivers} drivers (npm run seed, ${seedSeconds.toFixed(1)} s), each side on a fresh copy ` +
        `of that database and an empty redis-server; the API a child process (CACHE_ENABLED=true, then false; CACHE_WARMUP=false). ` +
        `Load average (1/5/15 min) ${loadBefore.map((l) => l.toFixed(2)).join(' / ')} before, ${loadAfter.map((l) => l.toFixed(2)).join(' / ')} after.`,
      '',
      comparisonMarkdown(on, off),
      '',
    ].join('\n');
    process.stdout.write(markdown);
    return targetChecks(on.report, off.report).some((check) => check.verdict === 'FAIL') ? 1 : 0;
  } finally {
    await infra.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(2);
  },
);
