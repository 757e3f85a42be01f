import { SCENARIOS } from '../../../test/helpers/chaos/scenarios';

export interface ChaosOptions {
  /** Scenario ids to run, in the table's order; all by default. */
  only: string[];
  /** Write rounds before and after each fault. */
  rounds: number;
  /** How long each fault (each phase of the partition) lasts, in ms. */
  faultMs: number;
}

export const USAGE = `npm run chaos -- [--only ${Object.keys(SCENARIOS).join(',')}] [--rounds n] [--fault-ms ms]

Runs each fault against two app instances started as child processes (one PostgreSQL, one
redis-server per scenario), with writes through one instance and reads through both after each
write and in the background, and prints a Markdown table: operations, stale reads, worst read
latency and seconds until both instances serve X-Cache: HIT again after the fault.

  --only      scenarios to run (default: all): ${Object.keys(SCENARIOS).join(', ')}
  --rounds    write rounds (a write, then detail and list reads through every instance)
              before and after each fault (default 10)
  --fault-ms  how long Redis stays frozen or down, and each phase (stalled, cut) of the
              partition lasts (default 1500)

Exits 1 when any stale read is found, 2 when a scenario failed otherwise (an error answer, no
recovery within 15 s, or it could not run).`;

function positive(flag: string, raw: string | undefined): number {
  const value = Number(raw);
  if (raw === undefined || !Number.isInteger(value) || value <= 0) throw new Error(`${flag} needs a positive integer\n\n${USAGE}`);
  return value;
}

export function parseChaosArgs(argv: string[]): ChaosOptions | 'help' {
  const options: ChaosOptions = { only: Object.keys(SCENARIOS), rounds: 10, faultMs: 1500 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    switch (flag) {
      case '--only': {
        const ids = (argv[++i] ?? '').split(',').filter(Boolean);
        const unknown = ids.filter((id) => !(id in SCENARIOS));
        if (ids.length === 0 || unknown.length > 0) throw new Error(`--only: unknown scenario ${unknown.join(', ') || '(none)'}\n\n${USAGE}`);
        options.only = ids;
        break;
      }
      case '--rounds':
        options.rounds = positive(flag, argv[++i]);
        break;
      case '--fault-ms':
        options.faultMs = positive(flag, argv[++i]);
        break;
      case '--help':
      case '-h':
        return 'help';
      default:
        throw new Error(`unknown flag ${flag}\n\n${USAGE}`);
    }
  }
  return options;
}
