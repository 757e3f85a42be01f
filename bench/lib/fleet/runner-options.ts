/**
 * The options of `npm run bench:fleet` and what each `--compare` puts on its two sides. Pure, so
 * the parsing and the sides are unit-tested; bench/fleet.ts starts what they describe.
 */
export type Comparison = 'cache' | 'instances' | 'replica';

export interface RunnerOptions {
  compare: Comparison;
  durationSeconds: number;
  loads: number;
  drivers: number;
  seed: number;
  /** Passed through to the fleet; undefined: the fleet's defaults (8 dispatchers, one read each 125 ms). */
  dispatchers?: number;
  dispatcherIntervalMs?: number;
}

/** One side of a comparison: what the runner starts for it. */
export interface SideSetup {
  /** Names what differs between the sides: the table's column header. */
  label: string;
  /** Short tag for the side's report file name. */
  tag: string;
  cacheEnabled: boolean;
  /** API child processes, each on its own port; the fleet round-robins over them. */
  instances: number;
  /** Whether the API gets DATABASE_REPLICA_URLS (the streaming replica). */
  replica: boolean;
}

export const RUNNER_USAGE = `npm run bench:fleet -- [--compare cache|instances|replica] [--duration s] [--loads n] [--drivers n] [--seed n]
                         [--dispatchers n] [--dispatcher-interval ms]

  --compare              what differs between the two sides (default cache):
                           cache      cache on vs cache off, one API instance (issue 11's targets)
                           instances  1 vs 2 API instances, cache on, the fleet round-robins over them
                           replica    primary only vs primary + one streaming replica, cache on
  --duration             seconds of fleet traffic per side (default 60)
  --loads                loads in the bulk seed (default 100000)
  --drivers              drivers in the bulk seed (default 300; the fleet's 50 drivers are the last 50)
  --seed                 seed of the actors' random choices, the same for both sides (default 1)
  --dispatchers          dispatchers polling boards (default: the fleet's, 8); raise it with
  --dispatcher-interval  ms between one dispatcher's board reads (default: the fleet's, 125) to offer
                         more reads than one instance carries: throughput only differs when it saturates

Exits 0 when every check passes (--compare cache: issue 11's targets; otherwise 0 stale reads and
0 errors on both sides), 1 when one fails, 2 when the run could not be made.`;

export const FLEET_DRIVERS = 50;

const COMPARISONS: readonly Comparison[] = ['cache', 'instances', 'replica'];

/** The two sides, A then B; B/A is the ratio the table reports. */
export function sidesFor(compare: Comparison): [SideSetup, SideSetup] {
  if (compare === 'instances') {
    return [
      { label: '1 instance', tag: 'one', cacheEnabled: true, instances: 1, replica: false },
      { label: '2 instances', tag: 'two', cacheEnabled: true, instances: 2, replica: false },
    ];
  }
  if (compare === 'replica') {
    return [
      { label: 'primary', tag: 'primary', cacheEnabled: true, instances: 1, replica: false },
      { label: 'primary + replica', tag: 'replica', cacheEnabled: true, instances: 1, replica: true },
    ];
  }
  return [
    { label: 'cache on', tag: 'on', cacheEnabled: true, instances: 1, replica: false },
    { label: 'cache off', tag: 'off', cacheEnabled: false, instances: 1, replica: false },
  ];
}

export function parseRunnerArgs(argv: readonly string[]): RunnerOptions | 'help' {
  const options: RunnerOptions = { compare: 'cache', durationSeconds: 60, loads: 100_000, drivers: 300, seed: 1 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--help' || flag === '-h') return 'help';
    const raw = argv[++i];
    if (flag === '--compare') {
      if (!COMPARISONS.includes(raw as Comparison))
        throw new Error(`--compare must be one of ${COMPARISONS.join(', ')}, got "${raw}"\n\n${RUNNER_USAGE}`);
      options.compare = raw as Comparison;
      continue;
    }
    const value = Number(raw);
    if (raw === undefined || !Number.isFinite(value) || value <= 0) throw new Error(`${flag} needs a positive number\n\n${RUNNER_USAGE}`);
    if (flag === '--duration') options.durationSeconds = value;
    else if (flag === '--loads') options.loads = Math.round(value);
    else if (flag === '--drivers') options.drivers = Math.round(value);
    else if (flag === '--seed') options.seed = Math.round(value);
    else if (flag === '--dispatchers') options.dispatchers = Math.round(value);
    else if (flag === '--dispatcher-interval') options.dispatcherIntervalMs = Math.round(value);
    else throw new Error(`unknown flag ${flag}\n\n${RUNNER_USAGE}`);
  }
  if (options.drivers < FLEET_DRIVERS) throw new Error(`--drivers must be at least ${FLEET_DRIVERS}`);
  return options;
}

/** The command line that repeats the run; the flags left at their defaults are left out, as before. */
export function runnerCommandLine(options: RunnerOptions): string {
  const parts = ['npm run bench:fleet --'];
  if (options.compare !== 'cache') parts.push(`--compare ${options.compare}`);
  parts.push(`--duration ${options.durationSeconds} --loads ${options.loads} --drivers ${options.drivers} --seed ${options.seed}`);
  if (options.dispatchers !== undefined) parts.push(`--dispatchers ${options.dispatchers}`);
  if (options.dispatcherIntervalMs !== undefined) parts.push(`--dispatcher-interval ${options.dispatcherIntervalMs}`);
  return parts.join(' ');
}

/** The fleet's own flags for the pass-through options (none when they were not given). */
export function fleetPassThrough(options: RunnerOptions): string[] {
  const args: string[] = [];
  if (options.dispatchers !== undefined) args.push('--dispatchers', String(options.dispatchers));
  if (options.dispatcherIntervalMs !== undefined) args.push('--dispatcher-interval', String(options.dispatcherIntervalMs));
  return args;
}
