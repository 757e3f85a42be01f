import { expandEmails } from '../options';

/** `npm run load-test -- --scenario fleet [options]`: the fleet of issue 11, every figure an option. */
export interface FleetOptions {
  /** The API's URLs as one comma-separated string (one URL: exactly that URL), for reports. */
  apiUrl: string;
  /** The same URLs, in order: the fleet's requests go round-robin over them, one request each. */
  apiUrls: string[];
  /** Where pg_stat_database is read for transactions/s; undefined: not measured. */
  databaseUrl?: string;
  durationSeconds: number;
  dispatchers: number;
  /** Each dispatcher sends one board read this often (closed loop: never two at once). */
  dispatcherIntervalMs: number;
  drivers: number;
  /** Each driver reports its position this often. */
  locationIntervalMs: number;
  /** Each driver reads its own loads, profile or notifications (in turn) this often. */
  driverReadIntervalMs: number;
  writers: number;
  /** Lifecycle writes per second, all writers together. */
  writesPerSecond: number;
  /** Logins; undefined means the demo logins (wrapped round when fewer than the actors). */
  dispatcherEmails?: string[];
  driverEmails?: string[];
  /** The two lists as written ({first..last} ranges kept), for the command line in the report. */
  emailSpecs: { dispatchers?: string; drivers?: string };
  password?: string;
  timeoutSeconds: number;
  /** Seeds the actors' random choices, so two runs make the same requests in the same order. */
  seed: number;
  json: boolean;
  reportFile?: string;
}

export type ParsedFleetArgs = { ok: true; options: FleetOptions } | { ok: false; help: boolean; error?: string };

export const FLEET_DEFAULTS = {
  durationSeconds: 60,
  dispatchers: 8,
  dispatcherIntervalMs: 125,
  drivers: 50,
  locationIntervalMs: 2000,
  driverReadIntervalMs: 6000,
  writers: 2,
  writesPerSecond: 8,
  timeoutSeconds: 10,
  seed: 1,
} as const;

export const FLEET_USAGE = `Usage: npm run load-test -- --scenario fleet [options]

A fleet's traffic against a running API (issue 11): dispatchers polling their boards, drivers
reporting positions and reading their own loads, lifecycle writers moving loads. Reports per
route the cache hit rate (Cache-Status or X-Cache), read latency, errors and stale reads against
each route's freshness contract, reads/s, writes/s and PostgreSQL transactions/s.

  --api-url <url[,url...]>     the API (default $API_URL, else http://localhost:4000); with several
                               URLs (instances of one API) requests go round-robin over them
  --database-url <url>         its PostgreSQL, for transactions/s from pg_stat_database
                               (default $DATABASE_URL; without it tx/s is not measured)
  --duration <s>               how long the traffic runs (default ${FLEET_DEFAULTS.durationSeconds})
  --dispatchers <n>            dispatchers polling boards (default ${FLEET_DEFAULTS.dispatchers})
  --dispatcher-interval <ms>   one board read per dispatcher this often (default ${FLEET_DEFAULTS.dispatcherIntervalMs})
  --drivers <n>                drivers (default ${FLEET_DEFAULTS.drivers})
  --location-interval <ms>     each driver's position report interval (default ${FLEET_DEFAULTS.locationIntervalMs})
  --driver-read-interval <ms>  each driver reads own loads, profile, notifications in turn (default ${FLEET_DEFAULTS.driverReadIntervalMs})
  --writers <n>                lifecycle writers: create, assign, pickup, deliver (default ${FLEET_DEFAULTS.writers})
  --write-rate <n>             lifecycle writes per second, all writers (default ${FLEET_DEFAULTS.writesPerSecond})
  --dispatcher-emails <list>   dispatcher logins, with {first..last} ranges (default: the demo dispatchers)
  --driver-emails <list>       driver logins, each linked to a driver (default: the demo drivers)
  --password <password>        password of those logins (the bulk seed's is bulk-seed-dev)
  --timeout <s>                a request slower than this is an error (default ${FLEET_DEFAULTS.timeoutSeconds})
  --seed <n>                   seed of the actors' random choices (default ${FLEET_DEFAULTS.seed})
  --json                       print the report as JSON and nothing else on stdout
  --report <file.md>           where to write the Markdown report (default reports/fleet-<timestamp>.md)

With fewer logins than actors, actors share logins in turn. Exit codes: 0 no errors and no stale
reads, 1 errors or stale reads, 2 bad usage or a failed setup.`;

const VALUED: Record<string, true> = {
  'api-url': true,
  'database-url': true,
  duration: true,
  dispatchers: true,
  'dispatcher-interval': true,
  drivers: true,
  'location-interval': true,
  'driver-read-interval': true,
  writers: true,
  'write-rate': true,
  'dispatcher-emails': true,
  'driver-emails': true,
  password: true,
  timeout: true,
  seed: true,
  report: true,
};

class FleetUsageError extends Error {}

function number(flag: string, raw: string, min: number, max: number, whole: boolean): number {
  const value = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw) || (whole && !Number.isInteger(value))) {
    throw new FleetUsageError(`--${flag} must be a ${whole ? 'whole ' : ''}number, got "${raw}"`);
  }
  if (value < min || value > max) throw new FleetUsageError(`--${flag} must be between ${min} and ${max}, got ${value}`);
  return value;
}

function url(flag: string, raw: string): string {
  const trimmed = raw.trim().replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(trimmed)) throw new FleetUsageError(`${flag} must be an http(s) URL, got "${raw}"`);
  return trimmed;
}

/** One URL or a comma-separated list of them (instances of one API); empty items are refused. */
function urls(flag: string, raw: string): string[] {
  const items = raw.split(',').map((item) => url(flag, item));
  if (new Set(items).size !== items.length) throw new FleetUsageError(`${flag} lists a URL twice, got "${raw}"`);
  return items;
}

function emails(flag: string, raw: string): string[] {
  try {
    return expandEmails(raw);
  } catch (error) {
    throw new FleetUsageError((error as Error).message.replace('--emails', `--${flag}`));
  }
}

/** The arguments after `--scenario fleet` (the scenario flag itself already removed). */
export function parseFleetArgs(argv: readonly string[], env: Record<string, string | undefined> = {}): ParsedFleetArgs {
  const values = new Map<string, string>();
  let json = false;
  try {
    for (let i = 0; i < argv.length; i++) {
      const arg = argv[i];
      if (arg === '--help' || arg === '-h') return { ok: false, help: true };
      if (arg === '--json') {
        json = true;
        continue;
      }
      const match = /^--([a-z-]+)(?:=(.*))?$/s.exec(arg);
      if (!match || !VALUED[match[1]]) throw new FleetUsageError(`unknown option ${arg}`);
      const value = match[2] ?? argv[++i];
      if (value === undefined) throw new FleetUsageError(`--${match[1]} needs a value`);
      if (values.has(match[1])) throw new FleetUsageError(`--${match[1]} is given twice`);
      values.set(match[1], value);
    }
    const get = (flag: string, min: number, max: number, fallback: number, whole = true) =>
      values.has(flag) ? number(flag, values.get(flag)!, min, max, whole) : fallback;
    const password = values.get('password');
    const dispatcherEmails = values.has('dispatcher-emails') ? emails('dispatcher-emails', values.get('dispatcher-emails')!) : undefined;
    const driverEmails = values.has('driver-emails') ? emails('driver-emails', values.get('driver-emails')!) : undefined;
    if (password !== undefined && !dispatcherEmails && !driverEmails) {
      throw new FleetUsageError('--password goes with --dispatcher-emails or --driver-emails');
    }
    if (password === undefined && (dispatcherEmails || driverEmails)) throw new FleetUsageError('--password is needed with --*-emails');
    const databaseUrl = values.get('database-url') ?? env.DATABASE_URL?.trim();
    const apiUrls = urls('--api-url', values.get('api-url') ?? (env.API_URL?.trim() || 'http://localhost:4000'));
    const report = values.get('report');
    if (report !== undefined && !report.trim()) throw new FleetUsageError('--report needs a file name');
    return {
      ok: true,
      options: {
        apiUrl: apiUrls.join(','),
        apiUrls,
        databaseUrl: databaseUrl || undefined,
        durationSeconds: get('duration', 1, 86_400, FLEET_DEFAULTS.durationSeconds, false),
        dispatchers: get('dispatchers', 0, 1000, FLEET_DEFAULTS.dispatchers),
        dispatcherIntervalMs: get('dispatcher-interval', 1, 3_600_000, FLEET_DEFAULTS.dispatcherIntervalMs),
        drivers: get('drivers', 0, 10_000, FLEET_DEFAULTS.drivers),
        locationIntervalMs: get('location-interval', 1, 3_600_000, FLEET_DEFAULTS.locationIntervalMs),
        driverReadIntervalMs: get('driver-read-interval', 1, 3_600_000, FLEET_DEFAULTS.driverReadIntervalMs),
        writers: get('writers', 0, 64, FLEET_DEFAULTS.writers),
        writesPerSecond: get('write-rate', 0.01, 10_000, FLEET_DEFAULTS.writesPerSecond, false),
        dispatcherEmails,
        driverEmails,
        emailSpecs: { dispatchers: values.get('dispatcher-emails'), drivers: values.get('driver-emails') },
        password,
        timeoutSeconds: get('timeout', 0.1, 600, FLEET_DEFAULTS.timeoutSeconds, false),
        seed: get('seed', 0, 2 ** 31, FLEET_DEFAULTS.seed),
        json,
        reportFile: report,
      },
    };
  } catch (error) {
    if (error instanceof FleetUsageError) return { ok: false, help: false, error: error.message };
    throw error;
  }
}

/** The command line that repeats a run with these options (for reports). */
export function fleetCommandLine(options: FleetOptions): string {
  const parts = [
    'npm run load-test -- --scenario fleet',
    `--api-url ${options.apiUrl}`,
    `--duration ${options.durationSeconds}`,
    `--dispatchers ${options.dispatchers} --dispatcher-interval ${options.dispatcherIntervalMs}`,
    `--drivers ${options.drivers} --location-interval ${options.locationIntervalMs} --driver-read-interval ${options.driverReadIntervalMs}`,
    `--writers ${options.writers} --write-rate ${options.writesPerSecond}`,
    `--seed ${options.seed}`,
  ];
  if (options.databaseUrl) parts.push(`--database-url ${options.databaseUrl}`);
  if (options.emailSpecs.dispatchers) parts.push(`--dispatcher-emails '${options.emailSpecs.dispatchers}'`);
  if (options.emailSpecs.drivers) parts.push(`--driver-emails '${options.emailSpecs.drivers}'`);
  if (options.password !== undefined) parts.push(`--password ${options.password}`);
  return parts.join(' ');
}
