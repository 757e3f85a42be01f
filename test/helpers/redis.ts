import { ChildProcess, spawn } from 'node:child_process';
import { freePort } from '../../src/database/embedded-postgres';

export interface TestRedis {
  url: string;
  port: number;
  /** Kills the server (SIGKILL), as an outage would. */
  kill(): Promise<void>;
  /** Starts it again on the same port (empty: no persistence). */
  restart(): Promise<void>;
  /** SIGSTOP: the server keeps its connections but answers nothing, as a frozen Redis does. */
  freeze(): void;
  /** SIGCONT: it answers again, queued commands first. */
  thaw(): void;
  stop(): Promise<void>;
}

/**
 * A throwaway redis-server (Debian's package) on a free port with no persistence.
 * Fails with a clear message when the binary is missing.
 */
export async function startTestRedis(): Promise<TestRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;

  const launch = async () => {
    const process = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = process;
    await new Promise<void>((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => reject(new Error(`redis-server did not start on ${port}: ${output}`)), 10_000);
      process.on('error', (error) => {
        clearTimeout(timer);
        reject(new Error(`redis-server could not start (${error.message}); install it: apt-get install redis-server`));
      });
      process.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
  };

  const kill = async () => {
    const current = child;
    if (!current || current.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      current.once('exit', () => resolve());
      current.kill('SIGKILL');
    });
  };

  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    kill,
    restart: launch,
    freeze: () => child?.kill('SIGSTOP'),
    thaw: () => child?.kill('SIGCONT'),
    stop: async () => {
      child?.kill('SIGCONT');
      await kill();
    },
  };
}
