import { ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { freePort } from '../../src/database/embedded-postgres';

/** docker/nginx/nginx.conf: the file the compose nginx runs, and the one the tests run. */
export const SHIPPED_NGINX_CONF = resolve(__dirname, '..', '..', 'docker', 'nginx', 'nginx.conf');

export const NGINX_HINT = "Install Debian's nginx: apt-get install nginx (npm test's pretest step does it when run as root)";

/** Debian puts nginx in /usr/sbin, which is not in every user's PATH. */
export function nginxBinary(): string {
  const candidates = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), '/usr/sbin'].map((dir) => join(dir, 'nginx'));
  return candidates.find((file) => existsSync(file)) ?? 'nginx';
}

/** One exact swap of the shipped file; a line that is not there (the file changed) fails loudly. */
function swap(text: string, find: RegExp, replacement: (match: RegExpExecArray) => string): string {
  const match = find.exec(text);
  if (!match) throw new Error(`docker/nginx/nginx.conf no longer has ${String(find)}: update test/helpers/nginx.ts`);
  return text.slice(0, match.index) + replacement(match) + text.slice(match.index + match[0].length);
}

/**
 * docker/nginx/nginx.conf as shipped, with only what differs on loopback swapped: the listen
 * address, the replicas (three loopback ports for the one Docker service name, with the same
 * parameters, minus "resolve", which Debian's nginx 1.22 does not have and loopback ports do not
 * need), and the pid, log and temporary files (under dir, not /run and /var). Every other
 * setting, the upstream keepalive, retries and headers, is the shipped one.
 */
export function loopbackNginxConfig(options: { listenPort: number; upstreamPorts: number[]; dir: string }): string {
  const { listenPort, upstreamPorts, dir } = options;
  let conf = readFileSync(SHIPPED_NGINX_CONF, 'utf8');
  conf = swap(conf, /^pid \/run\/nginx\.pid;$/m, () => `pid ${join(dir, 'nginx.pid')};\ndaemon off;`);
  conf = swap(conf, /^error_log stderr notice;$/m, () => `error_log ${join(dir, 'error.log')} notice;`);
  conf = swap(conf, /^(\s*)access_log \/dev\/stdout freight;$/m, (m) => `${m[1]}access_log ${join(dir, 'access.log')} freight;`);
  conf = swap(conf, /^(\s*)server api:4000 resolve ([^;]*);$/m, (m) =>
    upstreamPorts.map((port) => `${m[1]}server 127.0.0.1:${port} ${m[2]};`).join('\n'),
  );
  conf = swap(conf, /^(\s*)listen 8080;$/m, (m) => `${m[1]}listen 127.0.0.1:${listenPort};`);
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `  ${kind}_temp_path ${join(dir, `${kind}_temp`)};`);
  conf = swap(conf, /^http \{$/m, () => `http {\n${temp.join('\n')}`);
  return conf;
}

export interface RunningNginx {
  port: number;
  baseUrl: string;
  /** The access log so far: one line per request, in the shipped "freight" format. */
  accessLog(): string;
  errorLog(): string;
  stop(): Promise<void>;
}

/** A folder nginx's workers can reach: they drop root (to nobody) when the master runs as root. */
function nginxDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'freight-nginx-'));
  chmodSync(dir, 0o755);
  return dir;
}

/** `nginx -t` on the loopback form of the shipped file; resolves the exit code and output. */
export function checkNginxConfig(upstreamPorts: number[]): Promise<{ code: number; output: string }> {
  const dir = nginxDir();
  const conf = join(dir, 'nginx.conf');
  writeFileSync(conf, loopbackNginxConfig({ listenPort: 8080, upstreamPorts, dir }));
  return new Promise((done) => {
    const child = spawn(nginxBinary(), ['-t', '-p', `${dir}/`, '-c', conf, '-e', join(dir, 'error.log')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) => {
      rmSync(dir, { recursive: true, force: true });
      done({ code: 127, output: `${error.message}. ${NGINX_HINT}` });
    });
    child.on('exit', (code) => {
      rmSync(dir, { recursive: true, force: true });
      done({ code: code ?? 1, output });
    });
  });
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
 * Debian's nginx in the foreground, with its own prefix, pid, logs and temporary folders under a
 * tmp dir, on a free loopback port, in front of the given loopback ports.
 */
export async function startNginx(upstreamPorts: number[]): Promise<RunningNginx> {
  const dir = nginxDir();
  const read = (name: string) => {
    try {
      return readFileSync(join(dir, name), 'utf8');
    } catch {
      return '';
    }
  };
  // freePort probes then releases: another program may take the port first, so try again then.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const conf = join(dir, 'nginx.conf');
    writeFileSync(conf, loopbackNginxConfig({ listenPort: port, upstreamPorts, dir }));
    const child: ChildProcess = spawn(nginxBinary(), ['-p', `${dir}/`, '-c', conf, '-e', join(dir, 'error.log')], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const spawnError = new Promise<Error>((done) => child.once('error', done));
    const deadline = Date.now() + 15_000;
    let up = false;
    while (!up && child.exitCode === null && Date.now() < deadline) {
      const state = await Promise.race([spawnError, accepts(port)]);
      if (state instanceof Error) {
        rmSync(dir, { recursive: true, force: true });
        throw new Error(`nginx could not start (${state.message}). ${NGINX_HINT}`);
      }
      up = state;
      if (!up) await new Promise((r) => setTimeout(r, 50));
    }
    if (!up) {
      child.kill('SIGKILL');
      const log = `${stderr}${read('error.log')}`;
      if (attempt < 3 && /Address already in use/.test(log)) continue;
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`nginx did not listen on ${port}:\n${log}`);
    }
    return {
      port,
      baseUrl: `http://127.0.0.1:${port}`,
      accessLog: () => read('access.log'),
      errorLog: () => read('error.log'),
      stop: async () => {
        if (child.exitCode === null && child.signalCode === null) {
          const exited = new Promise<void>((done) => child.once('exit', () => done()));
          // SIGQUIT: nginx's graceful stop, as the compose file's stop_signal.
          child.kill('SIGQUIT');
          const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
          await exited;
          clearTimeout(force);
        }
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
}
