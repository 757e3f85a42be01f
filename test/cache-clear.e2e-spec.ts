import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { rawRequest } from './helpers/raw-http';
import { startTestRedis, TestRedis } from './helpers/redis';
import { startTestApp, TestApp } from './helpers/test-app';

const repo = resolve(__dirname, '..');

function cacheClear(args: string[], env: Record<string, string>): Promise<{ code: number; output: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [require.resolve('ts-node/dist/bin.js'), '--transpile-only', 'scripts/cache-clear.ts', ...args],
      { cwd: repo, env: { PATH: process.env.PATH, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => done({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` }),
    );
  });
}

describe('npm run cache:clear (the operator tool, against a running app and real Redis)', () => {
  let redis: TestRedis;
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    redis = await startTestRedis();
    t = await startTestApp({ REDIS_URL: redis.url });
    token = await t.login('dispatcher@freight.local');
  });
  afterAll(async () => {
    await t?.close();
    await redis?.stop();
  });

  const cacheOf = async (path: string) => (await rawRequest(t.baseUrl + path, { authorization: `Bearer ${token}` })).headers['x-cache'];

  it('--dependency turns every entry built from it into a miss, and nothing else', async () => {
    await cacheOf('/api/loads?limit=2');
    await cacheOf('/api/drivers?limit=2');
    expect(await cacheOf('/api/loads?limit=2')).toBe('HIT');
    const result = await cacheClear(['--dependency', 'loads-status:any'], { REDIS_URL: redis.url });
    expect(result).toMatchObject({ code: 0 });
    expect(result.output).toContain('loads-status:any');
    expect(await cacheOf('/api/loads?limit=2')).toBe('MISS');
    expect(await cacheOf('/api/drivers?limit=2')).toBe('HIT');
  });

  it('--pattern removes the entries whose key matches', async () => {
    await cacheOf('/api/drivers?limit=3');
    expect(await cacheOf('/api/drivers?limit=3')).toBe('HIT');
    const result = await cacheClear(['--pattern', '{freight:*}:v3:/api/drivers:*'], { REDIS_URL: redis.url });
    expect(result.code).toBe(0);
    expect(result.output).toMatch(/Removed [1-9]\d* key/);
    expect(await cacheOf('/api/drivers?limit=3')).toBe('MISS');
  });

  it('explains itself instead of guessing: no REDIS_URL, or nothing to clear, is a usage error', async () => {
    const noRedis = await cacheClear(['--dependency', 'loads'], {});
    expect(noRedis.code).toBe(2);
    expect(noRedis.output).toContain('REDIS_URL is not set');
    const nothing = await cacheClear([], { REDIS_URL: redis.url });
    expect(nothing.code).toBe(2);
    expect(nothing.output).toContain('Usage: npm run cache:clear');
  });
});
