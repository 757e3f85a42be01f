import { BulkSeedCounts, LIMITS } from './bulk-seed-plan';

export const DEFAULT_SEED_COUNTS: BulkSeedCounts = { loads: 100_000, drivers: 1_000, users: 50 };

export const SEED_USAGE = [
  'Usage: npm run seed -- [--loads N] [--drivers N] [--users N]',
  '',
  `  --loads N    loads to add (1-${LIMITS.loads}, default ${DEFAULT_SEED_COUNTS.loads})`,
  `  --drivers N  drivers to add, each with its own driver user (1-${LIMITS.drivers}, default ${DEFAULT_SEED_COUNTS.drivers})`,
  `  --users N    office users to add: dispatchers and every tenth an admin (1-${LIMITS.users}, default ${DEFAULT_SEED_COUNTS.users})`,
  '',
  'Reads DATABASE_URL, runs pending migrations, then adds the rows. Runs can be repeated.',
].join('\n');

export type SeedFlags = { ok: true; counts: BulkSeedCounts } | { ok: false; help: boolean; error?: string };

/** Parses `--loads 5`, `--loads=5` and friends; anything else is an error, never a guess. */
export function parseSeedFlags(argv: readonly string[]): SeedFlags {
  const counts: BulkSeedCounts = { ...DEFAULT_SEED_COUNTS };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return { ok: false, help: true };
    const match = /^--(loads|drivers|users)(?:=(.*))?$/.exec(arg);
    if (!match) return { ok: false, help: false, error: `Unknown argument "${arg}"` };
    const name = match[1] as keyof BulkSeedCounts;
    const raw = match[2] ?? argv[++i];
    if (raw === undefined) return { ok: false, help: false, error: `--${name} needs a value` };
    if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > LIMITS[name]) {
      return { ok: false, help: false, error: `--${name} must be a whole number from 1 to ${LIMITS[name]}, got "${raw}"` };
    }
    counts[name] = Number(raw);
  }
  return { ok: true, counts };
}
