import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CpuMessage, ListeningMessage } from '../servers/announce';
import { benchAppEnv } from './bench-app-env';

export interface ServerProcess {
  name: string;
  pid: number;
  baseUrl: string;
  /** The tail of the child's output (its log file), for error messages. */
  output(): string;
  /** The child's CPU time (user + system) so far, in microseconds. */
  cpuMicros(): Promise<number>;
  stop(): Promise<void>;
  /** SIGKILL, as a crash: no shutdown hooks run. Resolves once the process is gone. */
  kill(): Promise<void>;
}

const ROOT = resolve(__dirname, '..', '..');

export interface ServerOptions {
  /** Another checkout of this repository to run the entry from (before and after in one run). */
  root?: string;
  /**
   * How the TypeScript is loaded: ts-node (the default) or transpile-register.js, which leaves
   * out node:domain as the compiled app in production does (see that file).
   */
  register?: 'ts-node' | 'transpile';
}

/**
 * Starts one server entry (bench/servers/*.ts) in its own process, so the load generator
 * and the server never share an event loop, and resolves once it reports its port. Its
 * stdout and stderr go to a file: the app logs a line per request, and reading those
 * through a pipe would put the bench's own CPU into the measurement.
 */
export async function startServer(
  name: string,
  entry: string,
  env: Record<string, string>,
  logDir: string,
  extraNodeArgs: string[] = [],
  options: ServerOptions = {},
): Promise<ServerProcess> {
  const root = options.root ?? ROOT;
  const register = options.register === 'transpile' ? resolve(__dirname, 'transpile-register.js') : 'ts-node/register/transpile-only';
  const logFile = join(logDir, `${name}-${Date.now()}.log`);
  const fd = openSync(logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(process.execPath, [...extraNodeArgs, '-r', register, resolve(root, 'bench', 'servers', entry)], {
      cwd: root,
      env: { ...process.env, ...benchAppEnv(), ...env },
      stdio: ['ignore', fd, fd, 'ipc'],
    });
  } finally {
    closeSync(fd);
  }
  const output = () => {
    try {
      return readFileSync(logFile, 'utf8').slice(-3000);
    } catch {
      return '';
    }
  };

  const port = await new Promise<number>((resolvePort, reject) => {
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${error.message}\n${output()}`));
    };
    const timer = setTimeout(() => fail(new Error(`${name} did not start within 90 s`)), 90_000);
    child.on('message', (message: Partial<ListeningMessage>) => {
      if (typeof message.listening !== 'number') return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolvePort(message.listening);
    });
    child.once('exit', (code) => fail(new Error(`${name} exited with ${code} before listening`)));
  });

  return {
    name,
    pid: child.pid!,
    baseUrl: `http://127.0.0.1:${port}`,
    output,
    cpuMicros: () =>
      new Promise<number>((done, reject) => {
        const timer = setTimeout(() => reject(new Error(`${name} did not report its CPU time`)), 5_000);
        const onMessage = (message: Partial<CpuMessage>) => {
          if (!message.cpu) return;
          clearTimeout(timer);
          child.off('message', onMessage);
          done(message.cpu.user + message.cpu.system);
        };
        child.on('message', onMessage);
        child.send({ cpu: true });
      }),
    kill: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGKILL');
      }),
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(force);
          done();
        });
        child.kill('SIGTERM');
      }),
  };
}
