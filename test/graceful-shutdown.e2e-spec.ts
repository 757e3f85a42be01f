import { ChildProcess, spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { Client } from 'pg';
import { createTestDatabase } from './helpers/database';
import { TEST_JWT_SECRET } from './helpers/test-app';

interface Outcome {
  status?: number;
  /** A socket error code (ECONNRESET, ECONNREFUSED, …). */
  error?: string;
  connectionClose?: boolean;
}

/** One request over the given agent; never rejects. */
function send(port: number, agent: Agent, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const req = request(
      { host: '127.0.0.1', port, method, path, agent, headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode, connectionClose: res.headers.connection === 'close' }));
        res.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    req.end(body);
  });
}

/** ECONNREFUSED: the listener was closed, so the request never reached the app. */
const neverSent = (outcome: Outcome) => outcome.error === 'ECONNREFUSED';

interface ChildApp {
  process: ChildProcess;
  port: number;
  /** The exit code, or 'hung' if the process still runs after a generous bound. */
  exited(): Promise<number | null | 'hung'>;
  /** The Shutdown logger's messages so far. */
  shutdownLog(): string[];
}

/** The app with main.ts's signal handling and JSON logs, in a child process (test/helpers/logged-app.ts). */
async function startChildApp(env: Record<string, string>): Promise<ChildApp> {
  const child = spawn(process.execPath, [require.resolve('ts-node/dist/bin.js'), '--transpile-only', 'test/helpers/logged-app.ts'], {
    cwd: join(__dirname, '..'),
    env: {
      ...process.env,
      JWT_SECRET: TEST_JWT_SECRET,
      SEED_DEMO_DATA: 'true',
      CACHE_WARMUP: 'false',
      SWAGGER_ENABLED: 'false',
      LOG_LEVEL: 'info',
      LOG_REQUESTS: 'false',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /LISTENING (\d+)/.exec(stderr);
      if (match) {
        clearInterval(timer);
        resolve(Number(match[1]));
      } else if (child.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`app exited: ${stderr}${stdout}`));
      }
    }, 20);
  });
  return {
    process: child,
    port,
    async exited() {
      let hang: NodeJS.Timeout | undefined;
      const code = await Promise.race([exit, new Promise<'hung'>((r) => (hang = setTimeout(() => r('hung'), 45_000)))]);
      clearTimeout(hang);
      return code;
    },
    shutdownLog: () =>
      stdout
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as { context?: string; msg?: string })
        .filter((line) => line.context === 'Shutdown')
        .map((line) => line.msg ?? ''),
  };
}

async function bearer(port: number): Promise<Record<string, string>> {
  const token = await new Promise<string>((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method: 'POST', path: '/api/auth/login', headers: { 'content-type': 'application/json', connection: 'close' } },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve((JSON.parse(text) as { accessToken: string }).accessToken));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ email: 'dispatcher@freight.local', password: 'dispatcher123' }));
  });
  return { authorization: `Bearer ${token}` };
}

/** A posted load's row locked by another session until release(): a request on it waits. */
async function lockedLoad(databaseUrl: string): Promise<{ id: string; release(): Promise<void> }> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const [load] = (await client.query<{ id: string }>(`SELECT id FROM loads WHERE status = 'posted' LIMIT 1`)).rows;
  await client.query('BEGIN');
  await client.query('SELECT id FROM loads WHERE id = $1 FOR UPDATE', [load.id]);
  return {
    id: load.id,
    async release() {
      await client.query('ROLLBACK');
      await client.end();
    },
  };
}

describe('shutdown on SIGTERM', () => {
  let database: { url: string; drop: () => Promise<void> };
  const children: ChildProcess[] = [];

  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(async () => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
    await database.drop();
  });

  it('under keep-alive load: readiness turns 503, every request gets a status, the app closes and exits 0', async () => {
    const app = await startChildApp({
      DATABASE_URL: database.url,
      SHUTDOWN_READINESS_DELAY_MS: '1000',
      SHUTDOWN_TIMEOUT_MS: '10000',
      DB_LOCK_TIMEOUT_MS: '2000',
    });
    children.push(app.process);
    const auth = await bearer(app.port);
    // A request in flight across the drain: a PATCH waiting on a row lock held here.
    const lock = await lockedLoad(database.url);
    const patchAgent = new Agent({ keepAlive: true });
    const slowPatch = send(app.port, patchAgent, 'PATCH', `/api/loads/${lock.id}`, auth, JSON.stringify({ weightKg: 12345 }));

    // Keep-alive load: a few loops, each on one connection, sending as fast as answers come.
    let sigtermAt = 0;
    const outcomes: Array<Outcome & { afterSigterm: boolean }> = [];
    const loops = Array.from({ length: 4 }, async (_, index) => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      const path = index % 2 === 0 ? '/api/loads?limit=5' : '/api/health/live';
      for (;;) {
        const outcome = await send(app.port, agent, 'GET', path, auth);
        outcomes.push({ ...outcome, afterSigterm: sigtermAt > 0 });
        if (outcome.error) break;
      }
      agent.destroy();
    });
    const readiness: Outcome[] = [];
    const probe = (async () => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      for (;;) {
        const outcome = await send(app.port, agent, 'GET', '/api/health/ready');
        if (sigtermAt > 0) readiness.push(outcome);
        if (outcome.error) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      agent.destroy();
    })();

    while (outcomes.filter((o) => o.status === 200).length < 200) await new Promise((r) => setTimeout(r, 20));
    sigtermAt = Date.now();
    app.process.kill('SIGTERM');

    const code = await app.exited();
    const exitedAfterMs = Date.now() - sigtermAt;
    await Promise.all([...loops, probe]);
    const patched = await slowPatch;
    patchAgent.destroy();
    await lock.release();

    const afterSigterm = outcomes.filter((o) => o.afterSigterm);
    const failures = outcomes.filter((o) => o.error && !neverSent(o));
    console.log(
      `SIGTERM to exit: ${exitedAfterMs} ms; ${outcomes.length} requests (${afterSigterm.length} after SIGTERM), ` +
        `${outcomes.filter(neverSent).length} refused at connect (never sent), ${failures.length} failed mid-request; ` +
        `readiness after SIGTERM: ${readiness.map((o) => o.status ?? o.error).join(' ')}`,
    );

    expect(code).toBe(0);
    // Every request answered with a status, or was refused before it was sent: no reset, no hang-up.
    expect(failures).toEqual([]);
    expect(afterSigterm.filter((o) => o.status !== undefined).length).toBeGreaterThan(0);
    // The in-flight PATCH got its answer (503 once its lock wait ran out) rather than a cut connection.
    expect(patched.status).toBe(503);
    // Readiness turned 503 after SIGTERM while the app still answered.
    expect(readiness.some((o) => o.status === 503)).toBe(true);
    expect(readiness.filter((o) => o.error && !neverSent(o))).toEqual([]);
    // Responses during the drain told keep-alive clients to go.
    expect(afterSigterm.some((o) => o.connectionClose)).toBe(true);
    const log = app.shutdownLog();
    for (const step of [
      /SIGTERM received: readiness now answers 503/,
      /Listener closed; draining/,
      /Drained in/,
      /Closing the database pool/,
      /Shut down in/,
    ]) {
      expect({ step: String(step), found: log.some((line) => step.test(line)) }).toEqual({ step: String(step), found: true });
    }
  }, 90_000);

  it('cuts what is still running at SHUTDOWN_TIMEOUT_MS instead of waiting on it', async () => {
    // Waits longer than the deadline: no lock or statement bound stops the PATCH first.
    const app = await startChildApp({
      DATABASE_URL: database.url,
      SHUTDOWN_TIMEOUT_MS: '1000',
      DB_LOCK_TIMEOUT_MS: '60000',
      DB_STATEMENT_TIMEOUT_MS: '60000',
    });
    children.push(app.process);
    const auth = await bearer(app.port);
    const lock = await lockedLoad(database.url);
    const agent = new Agent({ keepAlive: true });
    const stuck = send(app.port, agent, 'PATCH', `/api/loads/${lock.id}`, auth, JSON.stringify({ weightKg: 12345 }));
    // Wait until the PATCH is really waiting on the lock.
    const admin = new Client({ connectionString: database.url });
    await admin.connect();
    while ((await admin.query(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`)).rowCount === 0) {
      await new Promise((r) => setTimeout(r, 25));
    }
    await admin.end();

    const sigtermAt = Date.now();
    app.process.kill('SIGTERM');
    const cut = await stuck;
    const code = await app.exited();
    console.log(`deadline 1000 ms: the stuck request was cut after ${Date.now() - sigtermAt} ms; exit code ${String(code)}`);
    agent.destroy();
    await lock.release();

    expect(cut.error).toBeDefined();
    expect(code).not.toBe('hung');
    expect(app.shutdownLog().some((line) => /Shutdown deadline reached: cutting 1 connection/.test(line))).toBe(true);
  }, 90_000);
});
