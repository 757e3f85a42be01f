export interface BenchOptions {
  /** Seconds of load per variant and connection count. */
  duration: number;
  /** Seconds of load before each measurement (fills the cache, warms the JIT). */
  warmup: number;
  connections: number[];
  /** Whole passes over every variant; the table reports the median pass. */
  rounds: number;
  /** Cached keys filled in before clearing one pattern among them. */
  clearKeys: number;
  /** Seconds of load around each clearing. */
  clearDuration: number;
  skipClear: boolean;
  only: string[] | null;
  /** Directory for V8 CPU profiles of the server children (node --cpu-prof), or null. */
  cpuProfDir: string | null;
}

const USAGE = `npm run bench:cache -- [--quick] [--duration s] [--warmup s] [--connections 10,100]
  [--rounds n] [--clear-keys n] [--clear-duration s] [--skip-clear] [--only a,a-nometrics,b,c,d,a-lean,b-lean] [--cpu-prof dir]`;

function positive(name: string, raw: string | undefined): number {
  const value = Number(raw);
  if (raw === undefined || !Number.isFinite(value) || value <= 0) throw new Error(`${name} needs a positive number\n${USAGE}`);
  return value;
}

export function parseArgs(argv: string[]): BenchOptions {
  const options: BenchOptions = {
    duration: 10,
    warmup: 3,
    connections: [10, 100],
    rounds: 1,
    clearKeys: 100_000,
    clearDuration: 6,
    skipClear: false,
    only: null,
    cpuProfDir: null,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => argv[++i];
    switch (flag) {
      case '--quick':
        Object.assign(options, { duration: 2, warmup: 1, clearKeys: 10_000, clearDuration: 3 });
        break;
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
      case '--clear-keys':
        options.clearKeys = Math.round(positive(flag, value()));
        break;
      case '--clear-duration':
        options.clearDuration = positive(flag, value());
        break;
      case '--skip-clear':
        options.skipClear = true;
        break;
      case '--only':
        options.only = (value() ?? '').split(',').filter(Boolean);
        break;
      case '--cpu-prof':
        options.cpuProfDir = value() ?? '';
        if (!options.cpuProfDir) throw new Error(`--cpu-prof needs a directory\n${USAGE}`);
        break;
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
