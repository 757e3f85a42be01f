/**
 * `npm run bench:fleet -- [--compare cache|instances|replica] [--duration 60] [--loads 100000]
 * [--drivers 300] [--seed 1] [--dispatchers n] [--dispatcher-interval ms]`: the fleet scenario
 * (npm run load-test -- --scenario fleet) on two sides, one run. `cache` (the default): cache on
 * vs off. `instances`: 1 vs 2 API instances, the fleet round-robining over them. `replica`:
 * primary only vs primary + one streaming replica. Starts its own embedded PostgreSQL (for
 * `replica`, a streaming pair) and redis-server, seeds once with `npm run seed` (the bulk seed),
 * keeps that database as a template and gives each side a fresh copy of it and an empty Redis,
 * so both start from the same state. The API runs as child processes. Prints a Markdown table
 * with the command line (for `cache`: per route, totals, issue 11's targets).
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
import { comparisonMarkdown, targetChecks } from './lib/fleet/compare';
import {
  FLEET_DRIVERS,
  fleetPassThrough,
  parseRunnerArgs,
  runnerCommandLine,
  RUNNER_USAGE,
  RunnerOptions,
  SideSetup,
  sidesFor,
} from './lib/fleet/runner-options';
import { dbReadsByTarget, readsDuring } from './lib/fleet/db-reads';
import { LabelledSide, scaleChecksPass, scaleComparisonMarkdown } from './lib/fleet/scale-compare';
import { BenchInfra, startInfra } from './lib/infra';
import { ReplicatedBenchInfra, startReplicatedInfra } from './lib/replicated-infra';
import { ServerProcess, startServer } from './lib/server-process';

const FLEET_DISPATCHERS = 8;
const TEMPLATE_DB = 'freight';
const SIDE_DB = 'fleet_side';

const log = (line: string) => process.stderr.write(`[bench:fleet] ${line}\n`);

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

/** The side's API instances, each a child process on its own port, all on the side's database and Redis. */
async function startInstances(setup: SideSetup, env: Record<string, string>, logDir: string): Promise<ServerProcess[]> {
  const servers: ServerProcess[] = [];
  try {
    for (let i = 0; i < setup.instances; i++) {
      const name = setup.instances === 1 ? `api-${setup.tag}` : `api-${setup.tag}-${i + 1}`;
      servers.push(await startServer(name, 'app-server.ts', env, logDir));
    }
  } catch (error) {
    await Promise.all(servers.map((server) => server.stop()));
    throw error;
  }
  return servers;
}

async function side(infra: BenchInfra | ReplicatedBenchInfra, setup: SideSetup, runTag: string, options: RunnerOptions): Promise<LabelledSide> {
  const name = setup.label;
  const databaseUrl = await freshCopy(infra);
  // An empty Redis for each side: no entry of the other side's run survives.
  await infra.redis.kill();
  await infra.redis.restart();
  const env: Record<string, string> = {
    DATABASE_URL: databaseUrl,
    REDIS_URL: infra.redis.url,
    CACHE_ENABLED: String(setup.cacheEnabled),
    CACHE_WARMUP: 'false',
    SEED_DEMO_DATA: 'false',
    LOG_LEVEL: 'warn',
    LOG_REQUESTS: 'false',
  };
  // Pushed to saturation, a Redis answer slower than the default timeout would open the breaker and
  // turn hits into bypasses, measuring the breaker rather than the scale-out; as bench:replicas and
  // the tests do. --compare cache keeps its environment as it was.
  if (options.compare !== 'cache') env.REDIS_COMMAND_TIMEOUT_MS = '2000';
  if (setup.replica) {
    if (!('replicaUrlFor' in infra)) throw new Error('a replica side needs the replicated infrastructure');
    // The fresh copy is a CREATE DATABASE on the primary: the replica has it once it has replayed that far.
    await infra.waitForReplay();
    env.DATABASE_REPLICA_URLS = infra.replicaUrlFor(databaseUrl);
  }
  const servers = await startInstances(setup, env, infra.logDir);
  try {
    const domain = `${runTag}.bulk.freight.local`;
    const pad = (n: number) => String(n).padStart(7, '0');
    const argv = [
      '--api-url',
      servers.map((server) => server.baseUrl).join(','),
      '--database-url',
      databaseUrl,
      '--duration',
      String(options.durationSeconds),
      '--seed',
      String(options.seed),
      ...fleetPassThrough(options),
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
    parsed.options.reportFile = defaultFleetReportFile(startedAt).replace('fleet-', `fleet-${setup.tag}-`);
    const where = servers.length === 1 ? `API on ${servers[0].baseUrl}` : `APIs on ${servers.map((server) => server.baseUrl).join(', ')}`;
    log(`${name}: ${where}, fleet for ${options.durationSeconds} s (load average ${loadavg()[0].toFixed(2)})`);
    const cpu = () => Promise.all(servers.map((server) => server.cpuMicros())).then((all) => all.reduce((sum, micros) => sum + micros, 0));
    const baseUrls = servers.map((server) => server.baseUrl);
    const readsBefore = await dbReadsByTarget(baseUrls);
    const cpuBefore = await cpu();
    const ownCpuBefore = process.cpuUsage();
    const report = await runFleet(parsed.options, (line) => log(`${name}: ${line}`));
    const ownCpu = process.cpuUsage(ownCpuBefore);
    const cpuAfter = await cpu();
    const dbReads = readsDuring(readsBefore, await dbReadsByTarget(baseUrls));
    mkdirSync(dirname(report.reportFile), { recursive: true });
    writeFileSync(report.reportFile, renderFleetMarkdown(report));
    log(
      `${name}: ${report.reads.perSecond} reads/s, hit ${report.reads.hitRatePct ?? '—'}%, p95 ${report.reads.latencyMs.p95} ms, ` +
        `${report.postgres?.perSecond ?? '—'} tx/s, ${report.freshness.staleReads} stale, ${report.errors} errors; ${report.reportFile}`,
    );
    const perSecond = (micros: number) => Math.round(micros / 1e4 / report.elapsedSeconds) / 100;
    return {
      label: setup.label,
      report,
      dbReads,
      apiCpuPerSecond: perSecond(cpuAfter - cpuBefore),
      loadGeneratorCpuPerSecond: perSecond(ownCpu.user + ownCpu.system),
    };
  } catch (error) {
    for (const server of servers) log(`${name}: ${server.name} output:\n${server.output()}`);
    throw error;
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
}

const TITLES: Record<RunnerOptions['compare'], string> = {
  cache: 'cache on vs off',
  instances: '1 vs 2 API instances',
  replica: 'primary only vs primary + streaming replica',
};

/** What each side ran on, in the table's preamble. */
function setupSentence(options: RunnerOptions): string {
  if (options.compare === 'instances') {
    return 'the API child processes with the cache on (CACHE_WARMUP=false, REDIS_COMMAND_TIMEOUT_MS=2000): one, then two on different ports, the fleet sending each request to the next one in turn';
  }
  if (options.compare === 'replica') {
    return (
      'PostgreSQL a primary with one streaming replica on the same machine (both sides); the API one child process with the cache on (CACHE_WARMUP=false, REDIS_COMMAND_TIMEOUT_MS=2000), ' +
      'without, then with DATABASE_REPLICA_URLS; transactions/s counted on the primary'
    );
  }
  return 'the API a child process (CACHE_ENABLED=true, then false; CACHE_WARMUP=false)';
}

async function main(): Promise<number> {
  const options = parseRunnerArgs(process.argv.slice(2));
  if (options === 'help') {
    console.log(RUNNER_USAGE);
    return 0;
  }
  const command = runnerCommandLine(options);
  const loadBefore = loadavg();
  const infra = options.compare === 'replica' ? await startReplicatedInfra(log) : await startInfra(log);
  try {
    const seedStarted = Date.now();
    const runTag = await seed(infra.databaseUrl, options);
    const seedSeconds = (Date.now() - seedStarted) / 1000;
    log(`seeded ${options.loads} loads and ${options.drivers} drivers in ${seedSeconds.toFixed(1)} s (run tag ${runTag})`);
    const [setupA, setupB] = sidesFor(options.compare);
    const a = await side(infra, setupA, runTag, options);
    const b = await side(infra, setupB, runTag, options);
    const loadAfter = loadavg();
    const markdown = [
      `## Fleet scenario, ${TITLES[options.compare]} (${new Date().toISOString().slice(0, 10)})`,
      '',
      '```',
      command,
      '```',
      '',
      `Each side: ${a.report.command.replace(/--api-url \S+ /, '--api-url <its API> ').replace(/--database-url \S+/, '--database-url <its copy>')}`,
      '',
      `${options.loads.toLocaleString('en-US')} loads and ${options.drivers} drivers (npm run seed, ${seedSeconds.toFixed(1)} s), each side on a fresh copy ` +
        `of that database and an empty redis-server; ${setupSentence(options)}. ` +
        `Load average (1/5/15 min) ${loadBefore.map((l) => l.toFixed(2)).join(' / ')} before, ${loadAfter.map((l) => l.toFixed(2)).join(' / ')} after.`,
      '',
      options.compare === 'cache' ? comparisonMarkdown(a, b) : scaleComparisonMarkdown(a, b),
      '',
    ].join('\n');
    process.stdout.write(markdown);
    if (options.compare !== 'cache') return scaleChecksPass(a, b) ? 0 : 1;
    return targetChecks(a.report, b.report).some((check) => check.verdict === 'FAIL') ? 1 : 0;
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
