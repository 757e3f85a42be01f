import { login } from '../../../test/helpers/chaos/chaos-http';
import type { ChaosRig } from '../../../test/helpers/chaos/rig';
import { DEMO_LOGINS } from '../../../src/database/seeding/demo-data';
import type { BenchInfra } from '../infra';
import { startServer } from '../server-process';

/**
 * Every instance a child process running the app as deployed (bench/servers/app-server.ts,
 * production defaults such as REDIS_COMMAND_TIMEOUT_MS=150), logging warnings only.
 */
export async function childRig(infra: BenchInfra, log: (line: string) => void): Promise<ChaosRig> {
  const base = { DATABASE_URL: infra.databaseUrl, CACHE_WARMUP: 'false', LOG_LEVEL: 'warn', LOG_REQUESTS: 'false' };
  // Migrates and seeds once; the scenarios' instances then start on a ready database.
  const setup = await startServer('setup', 'app-server.ts', { ...base, SEED_DEMO_DATA: 'true', CACHE_ENABLED: 'false' }, infra.logDir);
  let token: string;
  try {
    const dispatcher = DEMO_LOGINS.find((l) => l.role === 'dispatcher')!;
    token = await login({ name: 'setup', baseUrl: setup.baseUrl }, dispatcher.email, dispatcher.password);
  } finally {
    await setup.stop();
  }
  const start = async (name: string, env: Record<string, string>) => {
    const server = await startServer(name, 'app-server.ts', { ...base, SEED_DEMO_DATA: 'false', ...env }, infra.logDir);
    return { name, baseUrl: server.baseUrl, stop: () => server.stop(), kill: () => server.kill() };
  };
  return { databaseUrl: infra.databaseUrl, token, start, startKillable: start, log };
}
