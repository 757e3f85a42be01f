import { ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { freePort } from '../../src/database/embedded-postgres';

export const PGBOUNCER_HINT = "Install Debian's pgbouncer: apt-get install pgbouncer (npm test's pretest step does it when run as root)";

export interface RunningPgBouncer {
  port: number;
  /** The given PostgreSQL URL, reached through PgBouncer instead. */
  urlFor(postgresUrl: string): string;
  log(): string;
  stop(): Promise<void>;
}

function binary(): string {
  const dirs = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), '/usr/sbin'];
  return dirs.map((dir) => join(dir, 'pgbouncer')).find((file) => existsSync(file)) ?? 'pgbouncer';
}

function accepts(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

/**
 * Debian's PgBouncer in the foreground, in transaction pooling mode, on a free loopback port in
 * front of the PostgreSQL at `postgresUrl` (every database of it). Clients are trusted (loopback,
 * tests); PgBouncer logs in to PostgreSQL with the URL's user and password.
 * PgBouncer refuses to run as root: as root it is started as the postgres user.
 */
export async function startPgBouncer(postgresUrl: string, settings: Record<string, string> = {}): Promise<RunningPgBouncer> {
  const server = new URL(postgresUrl);
  const user = decodeURIComponent(server.username);
  const dir = mkdtempSync(join(tmpdir(), 'freight-pgbouncer-'));
  chmodSync(dir, 0o777);
  const port = await freePort();
  const ini = {
    listen_addr: '127.0.0.1',
    listen_port: String(port),
    unix_socket_dir: '',
    auth_type: 'trust',
    auth_file: join(dir, 'users.txt'),
    pool_mode: 'transaction',
    max_client_conn: '200',
    default_pool_size: '10',
    logfile: join(dir, 'pgbouncer.log'),
    pidfile: join(dir, 'pgbouncer.pid'),
    ...settings,
  };
  const connection = `host=${server.hostname} port=${server.port} user=${user} password=${decodeURIComponent(server.password)}`;
  writeFileSync(join(dir, 'users.txt'), `"${user}" ""\n`);
  writeFileSync(
    join(dir, 'pgbouncer.ini'),
    `[databases]\n* = ${connection}\n\n[pgbouncer]\n${Object.entries(ini)
      .map(([key, value]) => `${key} = ${value}`)
      .join('\n')}\n`,
  );
  const asRoot = process.getuid?.() === 0;
  const child: ChildProcess = spawn(binary(), [...(asRoot ? ['-u', 'postgres'] : []), join(dir, 'pgbouncer.ini')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const log = () => {
    try {
      return output + readFileSync(join(dir, 'pgbouncer.log'), 'utf8');
    } catch {
      return output;
    }
  };
  const spawnError = new Promise<Error>((done) => child.once('error', done));
  const deadline = Date.now() + 15_000;
  for (;;) {
    const state = await Promise.race([spawnError, accepts(port)]);
    if (state instanceof Error) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`pgbouncer could not start (${state.message}). ${PGBOUNCER_HINT}`);
    }
    if (state) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      const text = log();
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`pgbouncer did not listen on ${port}:\n${text}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    port,
    urlFor(url: string) {
      const through = new URL(url);
      through.hostname = '127.0.0.1';
      through.port = String(port);
      return through.toString();
    },
    log,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((done) => child.once('exit', () => done()));
        child.kill('SIGINT');
        const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(force);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
