import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunningPostgres, startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { startTestRedis, TestRedis } from '../../test/helpers/redis';

export interface BenchInfra {
  databaseUrl: string;
  redis: TestRedis;
  /** Where server children write their output; removed with the rest. */
  logDir: string;
  stop(): Promise<void>;
}

/** A throwaway PostgreSQL (tmp dir, removed after) and redis-server (no persistence). */
export async function startInfra(log: (line: string) => void): Promise<BenchInfra> {
  const dir = mkdtempSync(join(tmpdir(), 'freight-bench-'));
  // The postgres user must be able to reach the data directory when we run as root.
  chmodSync(dir, 0o755);
  let postgres: RunningPostgres | undefined;
  let redis: TestRedis | undefined;
  const stop = async () => {
    await redis?.stop().catch(() => undefined);
    await postgres?.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    postgres = await startEmbeddedPostgres({ dataDir: join(dir, 'pg'), persistent: false, fast: true });
    await postgres.ensureDatabase('freight');
    redis = await startTestRedis();
    log(`PostgreSQL on ${postgres.port}, redis-server on ${redis.port}`);
  } catch (error) {
    await stop();
    throw error;
  }
  const logDir = join(dir, 'logs');
  mkdirSync(logDir);
  return { databaseUrl: postgres.urlFor('freight'), redis, logDir, stop };
}
