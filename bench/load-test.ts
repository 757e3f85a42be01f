/**
 * `npm run load-test`: the original's load test, on autocannon. Logs several users in, loads
 * GET shipments, drivers, routes, analytics, notifications, profile and health one after
 * another, prints per-endpoint and aggregate tables and the success criteria, writes a
 * Markdown report, and exits 1 when a criterion fails (2 on bad usage or an unreachable API).
 * `npm run load-test -- --help` lists the options. `--scenario fleet` runs the fleet of issue 11
 * instead (bench/load-test/fleet: `npm run load-test -- --scenario fleet --help`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DEMO_LOGINS } from '../src/database/seeding/demo-data';
import { ApiClient } from './load-test/api-client';
import { fleetMain } from './load-test/fleet/fleet-main';
import { allPassed, evaluateCriteria } from './load-test/criteria';
import { READ_ENDPOINTS } from './load-test/endpoints';
import { runEndpoint } from './load-test/endpoint-run';
import { renderMarkdown } from './load-test/markdown';
import { MixedSetupError, MixedWriter, planLanes } from './load-test/mixed-writer';
import { LOAD_TEST_USAGE, LoadTestOptions, parseArgs, pickLogins } from './load-test/options';
import type { LoadTestReport } from './load-test/report';
import { Credentials, LoginFailed, logIn } from './load-test/sessions';
import { mergeTallies, summarize, Tally } from './load-test/stats';
import { WriteBudget } from './load-test/write-budget';

const PASSED = 0;
const FAILED = 1;
const USAGE = 2;

class SetupError extends Error {}

/** The demo logins in the order --users takes them: dispatchers, drivers, then the admin. */
const DEMO_ORDER = ['dispatcher', 'driver', 'admin'].flatMap((role) => DEMO_LOGINS.filter((login) => login.role === role));

function credentialsFor(options: LoadTestOptions): Credentials[] {
  if (!options.emails) return pickLogins(DEMO_ORDER, options.users).map(({ email, password }) => ({ email, password }));
  const demoPasswords = new Map<string, string>(DEMO_LOGINS.map((login) => [login.email, login.password]));
  return pickLogins(options.emails, options.users).map((email) => {
    const password = options.password ?? demoPasswords.get(email);
    if (password === undefined) throw new SetupError(`--password is needed for ${email} (the bulk seed uses bulk-seed-dev)`);
    return { email, password };
  });
}

function defaultReportFile(startedAt: Date): string {
  return resolve('reports', `load-test-${startedAt.toISOString().replace(/[:.]/g, '-')}.md`);
}

async function run(options: LoadTestOptions, log: (line: string) => void, progress: NodeJS.WritableStream | undefined): Promise<LoadTestReport> {
  const startedAt = new Date();
  const api = new ApiClient(options.apiUrl, options.timeoutSeconds * 1000);
  const credentials = credentialsFor(options);
  log(`Logging in ${new Set(credentials.map((c) => c.email)).size} users at ${options.apiUrl}...`);
  const sessions = await logIn(api, credentials);
  const tokens = credentials.map((c) => sessions.get(c.email)!.token);

  let budget: WriteBudget | undefined;
  let writer: MixedWriter | undefined;
  let writing: Promise<void> | undefined;
  if (options.mixedShare !== undefined) {
    const all = [...sessions.values()];
    const dispatcher = all.find((s) => s.role === 'dispatcher') ?? all.find((s) => s.role === 'admin');
    if (!dispatcher) throw new SetupError('mixed mode needs a dispatcher or admin among the logins (add one to --emails or raise --users)');
    const lanes = await planLanes(api, dispatcher, all, options.writeLanes);
    budget = new WriteBudget(options.mixedShare);
    writer = new MixedWriter(api, budget, dispatcher, lanes);
    writing = writer.run();
  }

  const tallies: Tally[] = [];
  try {
    for (const [index, name] of options.endpoints.entries()) {
      const path = READ_ENDPOINTS[name];
      log(`[${index + 1}/${options.endpoints.length}] GET ${path}`);
      tallies.push(
        await runEndpoint({
          apiUrl: options.apiUrl,
          path,
          connections: options.connections,
          amount: options.amount,
          durationSeconds: options.durationSeconds,
          timeoutSeconds: options.timeoutSeconds,
          tokens,
          progress,
          onResponse: budget ? () => budget.recordRead() : undefined,
        }),
      );
    }
  } finally {
    budget?.close();
    await writing;
  }

  const endpoints = options.endpoints.map((name, i) => summarize(name, READ_ENDPOINTS[name], tallies[i]));
  const aggregate = summarize('all', 'all endpoints', mergeTallies(tallies));
  const mixed = writer && options.mixedShare !== undefined ? writer.summary(options.mixedShare, aggregate.requests) : null;
  const criteria = evaluateCriteria(aggregate, options.targets, mixed);
  return {
    tool: 'freight-api load test',
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    config: {
      apiUrl: options.apiUrl,
      connections: options.connections,
      amountPerEndpoint: options.durationSeconds === undefined ? options.amount : null,
      durationSecondsPerEndpoint: options.durationSeconds ?? null,
      timeoutSeconds: options.timeoutSeconds,
      users: credentials.length,
      logins: credentials.map((c) => c.email),
      endpoints: options.endpoints,
      mixedShare: options.mixedShare ?? null,
      targets: options.targets,
    },
    endpoints,
    aggregate,
    mixed,
    criteria,
    passed: allPassed(criteria),
    reportFile: resolve(options.reportFile ?? defaultReportFile(startedAt)),
  };
}

/** `--scenario <name>` anywhere on the line: `endpoints` (the default, the original test) or `fleet`. */
function scenarioOf(argv: string[]): { scenario: string; rest: string[] } {
  const rest = [...argv];
  const at = rest.findIndex((arg) => arg === '--scenario' || arg.startsWith('--scenario='));
  if (at === -1) return { scenario: 'endpoints', rest };
  const [flag] = rest.splice(at, 1);
  const scenario = flag.includes('=') ? flag.slice(flag.indexOf('=') + 1) : (rest.splice(at, 1)[0] ?? '');
  return { scenario, rest };
}

async function main(): Promise<number> {
  const { scenario, rest } = scenarioOf(process.argv.slice(2));
  if (scenario === 'fleet') return fleetMain(rest, process.env);
  if (scenario !== 'endpoints') {
    process.stderr.write(`--scenario must be endpoints or fleet, got "${scenario}"\n\n${LOAD_TEST_USAGE}\n`);
    return USAGE;
  }
  const parsed = parseArgs(rest, process.env);
  if (!parsed.ok) {
    if (parsed.help) {
      process.stdout.write(`${LOAD_TEST_USAGE}\n`);
      return PASSED;
    }
    process.stderr.write(`${parsed.error}\n\n${LOAD_TEST_USAGE}\n`);
    return USAGE;
  }
  const options = parsed.options;
  const onTerminal = Boolean(process.stdout.isTTY && process.stderr.isTTY);
  // With --json, stdout carries the JSON and nothing else; notes go to stderr.
  const log = (line: string) => {
    if (onTerminal || !options.json) process.stderr.write(`${line}\n`);
  };

  let report: LoadTestReport;
  try {
    report = await run(options, log, onTerminal ? process.stderr : undefined);
  } catch (error) {
    if (error instanceof SetupError || error instanceof LoginFailed || error instanceof MixedSetupError) {
      process.stderr.write(`load test: ${error.message}\n`);
      return USAGE;
    }
    throw error;
  }

  const markdown = renderMarkdown(report);
  mkdirSync(dirname(report.reportFile), { recursive: true });
  writeFileSync(report.reportFile, markdown);
  const output = options.json ? `${JSON.stringify(report, null, 2)}\n` : `${markdown}\nReport written to ${report.reportFile}\n`;
  await new Promise<void>((done) => process.stdout.write(output, () => done()));
  return report.passed ? PASSED : FAILED;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`load test failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(USAGE);
  },
);
