import { execFileSync } from 'node:child_process';
import { startTestApp, TestApp } from './helpers/test-app';

/**
 * The loading decision, proved: under Jest, @swc/jest compiles the ESM-only Nest 12 / Keyv
 * packages to CommonJS; under the build, Node 20.19+ loads them with require(esm).
 */
describe('ESM-only packages', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('boots the whole Nest 12 app under Jest and serves over real HTTP', async () => {
    const health = await t.request('GET', '/api/health');
    expect(health.status).toBe(200);
    expect(health.body.info.database.status).toBe('up');
    const token = await t.login('dispatcher@freight.local');
    expect(token.split('.')).toHaveLength(3);
  });

  it('loads the same packages from plain Node through require(esm), as the build does', () => {
    const script = [
      "const core = require('@nestjs/core');",
      "const cache = require('@nestjs/cache-manager');",
      "const { Keyv } = require('keyv');",
      "const redis = require('@keyv/redis');",
      "process.stdout.write([typeof core.NestFactory.create, typeof cache.CacheInterceptor, typeof Keyv, typeof redis.default].join(','));",
    ].join('\n');
    const output = execFileSync(process.execPath, ['-e', script], { cwd: `${__dirname}/..`, encoding: 'utf8' });
    expect(output).toBe('function,function,function,function');
  });
});
