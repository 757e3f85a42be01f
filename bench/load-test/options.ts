import { ENDPOINT_NAMES, EndpointName, isEndpointName } from './endpoints';

/** The success criteria; the defaults are the original's targets. */
export interface Targets {
  minRps: number;
  maxP95Ms: number;
  /** Percent of requests. */
  maxErrorRatePct: number;
  /** Percent of requests. */
  minSuccessPct: number;
  /** Percent of responses that carry X-Cache. */
  minHitRatePct: number;
}

export const DEFAULT_TARGETS: Targets = {
  minRps: 500,
  maxP95Ms: 1200,
  maxErrorRatePct: 0.1,
  minSuccessPct: 99.9,
  minHitRatePct: 70,
};

export interface LoadTestOptions {
  apiUrl: string;
  connections: number;
  /** Requests per endpoint; ignored when durationSeconds is set. */
  amount: number;
  durationSeconds?: number;
  timeoutSeconds: number;
  /** How many logins the requests rotate through; undefined means the whole pool. */
  users?: number;
  /** Logins other than the demo ones (a seeded database), already expanded; undefined means the demo logins. */
  emails?: string[];
  password?: string;
  endpoints: EndpointName[];
  json: boolean;
  /** Undefined means reports/load-test-<timestamp>.md. */
  reportFile?: string;
  /** Share of writes among all requests (0 < share < 1); undefined means reads only. */
  mixedShare?: number;
  writeLanes: number;
  targets: Targets;
}

export type ParsedArgs = { ok: true; options: LoadTestOptions } | { ok: false; help: boolean; error?: string };

export const DEFAULT_API_URL = 'http://localhost:4000';

export const LOAD_TEST_USAGE = `Usage: npm run load-test -- [options]

Hits GET /api/shipments, drivers, routes, analytics, notifications, profile and health with
autocannon, one endpoint after another, rotating the tokens of several users; prints the
tables, writes a Markdown report and exits 1 when a success criterion fails.

  API_URL=<url>            the API to load (default ${DEFAULT_API_URL})

  --scenario fleet         a fleet's traffic instead (dispatchers, drivers, lifecycle writers);
                           npm run load-test -- --scenario fleet --help lists its options

  --connections <n>        concurrent connections (default 10)
  --amount <n>             requests per endpoint (default 1000)
  --duration <seconds>     run each endpoint this long instead of --amount
  --timeout <seconds>      a request slower than this is a timeout (default 5)
  --users <n>              logins to rotate (default: every login in the pool)
  --emails <list>          logins of a seeded database instead of the demo ones: comma-separated,
                           with {first..last} ranges, e.g.
                           'dispatcher-{0000001..0000010}@<tag>.bulk.freight.local,driver-{0000000..0000009}@<tag>.bulk.freight.local'
  --password <password>    password of the --emails logins (the bulk seed uses bulk-seed-dev)
  --endpoints <list>       a subset, e.g. shipments,drivers (default: all of ${ENDPOINT_NAMES.join(', ')})
  --json                   print the report as JSON and nothing else on stdout
  --report <file.md>       where to write the Markdown report (default reports/load-test-<timestamp>.md)
  --mixed <share>          mixed mode: this share of all requests are writes (e.g. 0.1)
  --write-lanes <n>        mixed mode: concurrent write workflows, one driver each (default 2)

  Targets (a miss is a FAIL and exit code 1):
  --min-rps <n>            throughput, req/s (default ${DEFAULT_TARGETS.minRps})
  --max-p95 <ms>           p95 latency must stay below (default ${DEFAULT_TARGETS.maxP95Ms})
  --max-error-rate <pct>   error rate must stay below (default ${DEFAULT_TARGETS.maxErrorRatePct})
  --min-success <pct>      success rate must exceed (default ${DEFAULT_TARGETS.minSuccessPct})
  --min-hit-rate <pct>     X-Cache hit rate must exceed (default ${DEFAULT_TARGETS.minHitRatePct})

Exit codes: 0 every criterion passed, 1 a criterion failed, 2 bad usage or the API could not be reached.`;

const VALUED_FLAGS = new Set([
  'connections',
  'amount',
  'duration',
  'timeout',
  'users',
  'emails',
  'password',
  'endpoints',
  'report',
  'mixed',
  'write-lanes',
  'min-rps',
  'max-p95',
  'max-error-rate',
  'min-success',
  'min-hit-rate',
]);
const SWITCHES = new Set(['json', 'help']);

class UsageError extends Error {}

function integer(flag: string, raw: string, min: number, max: number): number {
  if (!/^\d+$/.test(raw)) throw new UsageError(`--${flag} must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new UsageError(`--${flag} must be between ${min} and ${max}, got ${value}`);
  return value;
}

function decimal(flag: string, raw: string, min: number, max: number, exclusiveMin = false): number {
  if (!/^\d+(\.\d+)?$|^\.\d+$/.test(raw)) throw new UsageError(`--${flag} must be a number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || (exclusiveMin && value === min) || value > max) {
    throw new UsageError(`--${flag} must be ${exclusiveMin ? 'above' : 'at least'} ${min} and at most ${max}, got ${value}`);
  }
  return value;
}

/**
 * Expands {first..last} ranges (zero padding follows the width of the bounds as written) and
 * interleaves the items, so the first few logins already mix dispatchers and drivers.
 */
export function expandEmails(list: string): string[] {
  const groups: string[][] = [];
  for (const item of list.split(',').map((part) => part.trim())) {
    if (!item) continue;
    const range = /\{(\d+)\.\.(\d+)\}/.exec(item);
    if (!range) {
      groups.push([item]);
      continue;
    }
    const [token, firstText, lastText] = range;
    const first = Number(firstText);
    const last = Number(lastText);
    if (last < first) throw new UsageError(`--emails range {${firstText}..${lastText}} runs backwards`);
    if (last - first >= 100_000) throw new UsageError(`--emails range {${firstText}..${lastText}} is larger than 100000 logins`);
    const width = firstText.startsWith('0') || lastText.startsWith('0') ? Math.max(firstText.length, lastText.length) : 0;
    const group: string[] = [];
    for (let n = first; n <= last; n++) group.push(item.replace(token, String(n).padStart(width, '0')));
    groups.push(group);
  }
  const emails: string[] = [];
  const longest = Math.max(0, ...groups.map((group) => group.length));
  for (let i = 0; i < longest; i++) {
    for (const group of groups) if (i < group.length) emails.push(group[i]);
  }
  for (const email of emails) {
    if (!/^[^\s@{}]+@[^\s@{}]+$/.test(email)) throw new UsageError(`--emails: "${email}" is not an email address`);
  }
  if (emails.length === 0) throw new UsageError('--emails needs at least one email address');
  return [...new Set(emails)];
}

/** Reads the command line (after `npm run load-test --`) and the environment. */
export function parseArgs(argv: readonly string[], env: Record<string, string | undefined> = {}): ParsedArgs {
  const values = new Map<string, string>();
  const switches = new Set<string>();
  try {
    for (let i = 0; i < argv.length; i++) {
      const arg = argv[i];
      if (!arg.startsWith('--')) throw new UsageError(`unexpected argument "${arg}"`);
      const eq = arg.indexOf('=');
      const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
      if (SWITCHES.has(name)) {
        if (eq !== -1) throw new UsageError(`--${name} takes no value`);
        switches.add(name);
        continue;
      }
      if (!VALUED_FLAGS.has(name)) throw new UsageError(`unknown option --${name}`);
      let value: string | undefined;
      if (eq !== -1) value = arg.slice(eq + 1);
      else {
        value = argv[i + 1];
        if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
        i++;
      }
      if (values.has(name)) throw new UsageError(`--${name} is given twice`);
      values.set(name, value);
    }
    if (switches.has('help')) return { ok: false, help: true };

    const get = (name: string) => values.get(name);
    const connections = get('connections') === undefined ? 10 : integer('connections', get('connections')!, 1, 10_000);
    const amount = get('amount') === undefined ? 1000 : integer('amount', get('amount')!, 1, 100_000_000);
    if (get('amount') !== undefined && get('duration') !== undefined) {
      throw new UsageError('give either --amount or --duration, not both');
    }
    const durationSeconds = get('duration') === undefined ? undefined : decimal('duration', get('duration')!, 0, 86_400, true);
    // autocannon splits the amount over the connections and refuses an amount below them.
    if (durationSeconds === undefined && amount < connections) {
      throw new UsageError(`--amount (${amount}) must be at least --connections (${connections})`);
    }
    const endpoints = get('endpoints') === undefined ? [...ENDPOINT_NAMES] : endpointList(get('endpoints')!);
    const emails = get('emails') === undefined ? undefined : expandEmails(get('emails')!);
    const password = get('password');
    if (password !== undefined && emails === undefined) throw new UsageError('--password goes with --emails');
    const apiUrl = (env.API_URL?.trim() || DEFAULT_API_URL).replace(/\/+$/, '');
    if (!/^https?:\/\/[^/]+/.test(apiUrl)) throw new UsageError(`API_URL must be an http(s) URL, got "${apiUrl}"`);
    const report = get('report');
    if (report !== undefined && !report.trim()) throw new UsageError('--report needs a file name');

    const targetOr = (flag: string, fallback: number, max: number) => (get(flag) === undefined ? fallback : decimal(flag, get(flag)!, 0, max));
    const options: LoadTestOptions = {
      apiUrl,
      connections,
      amount,
      durationSeconds,
      timeoutSeconds: get('timeout') === undefined ? 5 : decimal('timeout', get('timeout')!, 0, 600, true),
      users: get('users') === undefined ? undefined : integer('users', get('users')!, 1, 100_000),
      emails,
      password,
      endpoints,
      json: switches.has('json'),
      reportFile: report,
      mixedShare: get('mixed') === undefined ? undefined : decimal('mixed', get('mixed')!, 0, 0.9, true),
      writeLanes: get('write-lanes') === undefined ? 2 : integer('write-lanes', get('write-lanes')!, 1, 64),
      targets: {
        minRps: targetOr('min-rps', DEFAULT_TARGETS.minRps, 1e12),
        maxP95Ms: targetOr('max-p95', DEFAULT_TARGETS.maxP95Ms, 1e12),
        maxErrorRatePct: targetOr('max-error-rate', DEFAULT_TARGETS.maxErrorRatePct, 100),
        minSuccessPct: targetOr('min-success', DEFAULT_TARGETS.minSuccessPct, 100),
        minHitRatePct: targetOr('min-hit-rate', DEFAULT_TARGETS.minHitRatePct, 100),
      },
    };
    return { ok: true, options };
  } catch (error) {
    if (error instanceof UsageError) return { ok: false, help: false, error: error.message };
    throw error;
  }
}

function endpointList(raw: string): EndpointName[] {
  const names = raw
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  if (names.length === 0) throw new UsageError('--endpoints needs at least one endpoint');
  const unknown = names.filter((name) => !isEndpointName(name));
  if (unknown.length) {
    throw new UsageError(`--endpoints: unknown ${unknown.join(', ')} (known: ${ENDPOINT_NAMES.join(', ')})`);
  }
  return [...new Set(names as EndpointName[])];
}

/**
 * The logins the requests rotate through: the pool in order, wrapping around when more users
 * than logins are asked for (a login then appears twice and shares its user's cache entries).
 */
export function pickLogins<T>(pool: readonly T[], users: number | undefined): T[] {
  if (pool.length === 0) return [];
  const count = users ?? pool.length;
  return Array.from({ length: count }, (_, i) => pool[i % pool.length]);
}
