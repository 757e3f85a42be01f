import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freePort } from '../../src/database/embedded-postgres';
import { benchAppEnv } from '../lib/bench-app-env';

const ROOT = resolve(__dirname, '..', '..');

/**
 * Compiles the app as `npm start` would, but into a private outDir: `npm run build` wipes the
 * shared dist/ that parallel sessions run from.
 */
export function buildApp(outDir: string, rebuild: boolean, log: (line: string) => void): string {
  const dir = resolve(ROOT, outDir);
  if (rebuild || !existsSync(join(dir, 'src', 'main.js'))) {
    log(`building into ${dir}`);
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', dir], {
      cwd: ROOT,
      stdio: 'inherit',
    });
  }
  return dir;
}

export interface BuiltApp {
  pid: number;
  url: string;
  logFile: string;
  stop(): Promise<void>;
}

async function waitForHealth(url: string, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`app exited with ${child.exitCode}:\n${readFileSync(logFile, 'utf8').slice(-3000)}`);
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`app did not become healthy:\n${readFileSync(logFile, 'utf8').slice(-3000)}`);
}

/**
 * Runs the built app (`node <outDir>/src/main.js`, what `npm start` runs once PostgreSQL is
 * up) as a child with its output in a file: reading the per-request log through a pipe would
 * add the bench's own CPU to the measurement.
 */
export async function startBuiltApp(
  distDir: string,
  env: Record<string, string>,
  logDir: string,
  name: string,
  nodeArgs: string[] = [],
): Promise<BuiltApp> {
  const port = await freePort();
  const logFile = join(logDir, `${name}.log`);
  const fd = openSync(logFile, 'a');
  let child: ChildProcess;
  try {
    const inherited = { ...process.env };
    for (const key of ['REDIS_URL', 'CACHE_ENABLED', 'LOG_REQUESTS', 'DATABASE_URL', 'SEED_DEMO_DATA']) delete inherited[key];
    child = spawn(process.execPath, [...nodeArgs, join(distDir, 'src', 'main.js')], {
      cwd: ROOT,
      env: { ...inherited, NODE_ENV: 'development', SWAGGER_ENABLED: 'false', ...benchAppEnv(), ...env, PORT: String(port), HOST: '127.0.0.1' },
      stdio: ['ignore', fd, fd],
    });
  } finally {
    closeSync(fd);
  }
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url, child, logFile);
  return {
    pid: child.pid!,
    url,
    logFile,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
        child.once('exit', () => {
          clearTimeout(force);
          done();
        });
        child.kill('SIGTERM');
      }),
  };
}
