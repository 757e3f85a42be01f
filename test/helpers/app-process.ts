import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { TEST_JWT_SECRET } from './test-app';

export interface AppProcess {
  port: number;
  pid: number;
  /** SIGTERM, as an orchestrator stops it; resolves the exit code once the process is gone. */
  stop(): Promise<number | null>;
  /** SIGKILL (cleanup); resolves once the process is gone. */
  kill(): Promise<void>;
  /** The tail of its stdout and stderr, for failure messages. */
  output(): string;
}

const ROOT = join(__dirname, '..', '..');

/**
 * The app as main.ts runs it (its own process, signal handling, JSON logs) through
 * test/helpers/logged-app.ts, on `port` (0: a free one). Resolves once it listens, which is
 * after migrations and seeding: readiness answers 200 from then on.
 */
export async function startAppProcess(env: Record<string, string>, port = 0): Promise<AppProcess> {
  const child: ChildProcess = spawn(process.execPath, ['-r', './test/helpers/swc-register.js', 'test/helpers/logged-app.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      JWT_SECRET: TEST_JWT_SECRET,
      CACHE_WARMUP: 'false',
      SWAGGER_ENABLED: 'false',
      LOG_LEVEL: 'info',
      LOG_REQUESTS: 'false',
      // Generous, as test/helpers/test-app.ts: a busy machine must not turn slow into a failure.
      REDIS_COMMAND_TIMEOUT_MS: '2000',
      ...env,
      ...(port ? { PORT: String(port) } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const listening = await new Promise<number>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /LISTENING (\d+)/.exec(log);
      if (match) {
        clearInterval(timer);
        resolve(Number(match[1]));
      } else if (child.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`app exited with ${child.exitCode} before listening:\n${log}`));
      }
    }, 20);
  });

  const gone = () => child.exitCode !== null || child.signalCode !== null;
  return {
    port: listening,
    pid: child.pid!,
    output: () => log,
    async stop() {
      if (!gone()) child.kill('SIGTERM');
      return exit;
    },
    async kill() {
      if (!gone()) child.kill('SIGKILL');
      await exit;
    },
  };
}
