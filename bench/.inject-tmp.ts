import 'reflect-metadata';
import { createApp } from '../src/app.factory';
import { loadConfig } from '../src/config/app-config';
import { startInfra } from './lib/infra';
import { benchAppEnv } from './lib/bench-app-env';

async function main() {
  const infra = await startInfra(() => undefined);
  const env = { ...process.env, ...benchAppEnv(), DATABASE_URL: infra.databaseUrl, SEED_DEMO_DATA: 'true', CACHE_WARMUP: 'false', SWAGGER_ENABLED: 'false', NODE_ENV: 'development', CACHE_ENABLED: 'true', REDIS_URL: infra.redis.url, REDIS_COMMAND_TIMEOUT_MS: '5000', ...JSON.parse(process.env.EXTRA ?? '{}') };
  const app = await createApp(loadConfig(env as Record<string, string>), { logger: process.env.QUIET === '1' ? false : undefined });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const f = app.getHttpAdapter().getInstance();
  const login = await f.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'dispatcher@freight.local', password: process.env.PW ?? 'dispatcher123' } });
  const token = JSON.parse(login.body).accessToken;
  const req = { method: 'GET' as const, url: '/api/loads?limit=20', headers: { authorization: `Bearer ${token}` } };
  const r1 = await f.inject(req); const r2 = await f.inject(req);
  console.error(r1.headers['x-cache'], r2.headers['x-cache'], r2.body.length);
  const N = Number(process.env.N ?? 20000), C = 100;
  for (let round = 0; round < 4; round++) {
    const c0 = process.cpuUsage(); const t0 = performance.now();
    for (let i = 0; i < N; i += C) await Promise.all(Array.from({ length: C }, () => f.inject(req)));
    const c = process.cpuUsage(c0); const dt = performance.now() - t0;
    console.log(`round ${round}: ${((c.user + c.system) / N).toFixed(1)} us CPU/req, ${(N / dt * 1000).toFixed(0)} req/s`);
  }
  await app.close(); await infra.stop(); process.exit(0);
}
main().catch((e) => { console.error(e); process.exit(1); });
