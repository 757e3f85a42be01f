import { ChildProcess, execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createTestDatabase } from './helpers/database';
import { TEST_JWT_SECRET } from './helpers/test-app';

interface LoggedApp {
  port: number;
  stop(): Promise<string>;
}

/** The app as `npm start` runs it (logger on), in a child process so its stdout can be read. */
async function startLoggedApp(env: Record<string, string>): Promise<LoggedApp> {
  const root = join(__dirname, '..');
  const child: ChildProcess = spawn(process.execPath, [require.resolve('ts-node/dist/bin.js'), '--transpile-only', 'test/helpers/logged-app.ts'], {
    cwd: root,
    env: { ...process.env, JWT_SECRET: TEST_JWT_SECRET, CACHE_WARMUP: 'false', SWAGGER_ENABLED: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`app did not start: ${stderr}${stdout}`)), 30_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /LISTENING (\d+)/.exec(stderr);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`app exited with ${code}: ${stderr}${stdout}`));
    });
  });
  return {
    port,
    stop: () =>
      new Promise<string>((resolve) => {
        child.once('exit', () => resolve(stdout));
        child.kill('SIGTERM');
      }),
  };
}

function jsonLines(output: string): Array<Record<string, any>> {
  return output
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Record<string, any>);
}

describe('structured logs', () => {
  let database: { url: string; drop: () => Promise<void> };
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('writes JSON lines with the request id of the header and error body, and no credentials', async () => {
    const app = await startLoggedApp({ DATABASE_URL: database.url, LOG_LEVEL: 'info' });
    const response = await fetch(`http://127.0.0.1:${app.port}/api/loads`, {
      headers: { authorization: 'Bearer secret-token-that-must-not-leak', 'x-request-id': 'log-check-42' },
    });
    const body = (await response.json()) as { requestId: string };
    await fetch(`http://127.0.0.1:${app.port}/metrics`);
    const output = await app.stop();

    expect(response.status).toBe(401);
    expect(response.headers.get('x-request-id')).toBe('log-check-42');
    expect(body.requestId).toBe('log-check-42');

    // Every line is JSON, start-up lines included.
    const lines = jsonLines(output);
    expect(lines.some((line) => /Nest application successfully started/.test(String(line.msg)))).toBe(true);
    const requestLine = lines.find((line) => line.url === '/api/loads');
    expect(requestLine).toMatchObject({ reqId: 'log-check-42', level: 40, method: 'GET', route: '/api/loads', statusCode: 401 });
    expect(requestLine!.responseTime).toEqual(expect.any(Number));
    expect(requestLine!.headers).toBeUndefined(); // headers are never logged
    expect(output).not.toContain('secret-token-that-must-not-leak');
    // Scrapes are not request-logged.
    expect(lines.some((line) => line.url === '/metrics')).toBe(false);
  });

  it('LOG_REQUESTS=false keeps the app lines and drops the per-request lines', async () => {
    const app = await startLoggedApp({ DATABASE_URL: database.url, LOG_REQUESTS: 'false' });
    expect((await fetch(`http://127.0.0.1:${app.port}/api/health`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${app.port}/api/loads`)).status).toBe(401);
    const lines = jsonLines(await app.stop());
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.some((line) => line.msg === 'request completed')).toBe(false);
  });

  it('loses no line logged in the turn the process exits in, nor their order', async () => {
    // Lines go to stdout once per event-loop turn: those of the last turn must still be written.
    const script = [
      "const { createPinoLogger } = require('./src/logging/pino-params');",
      "const logger = createPinoLogger({ logLevel: 'info' });",
      "for (let i = 0; i < 2000; i++) logger.info({ i, city: 'Zürich – 東京' }, 'line');",
      'process.exit(0);',
    ].join('\n');
    const output = await new Promise<string>((resolve, reject) =>
      execFile(
        process.execPath,
        [require.resolve('ts-node/dist/bin.js'), '--transpile-only', '-e', script],
        { cwd: join(__dirname, '..'), maxBuffer: 64 * 1024 * 1024 },
        (error, stdout) => (error ? reject(error) : resolve(stdout)),
      ),
    );
    const lines = jsonLines(output);
    expect(lines.map((line) => line.i)).toEqual(Array.from({ length: 2000 }, (_, i) => i));
    expect(lines.every((line) => line.city === 'Zürich – 東京')).toBe(true);
  });
});
