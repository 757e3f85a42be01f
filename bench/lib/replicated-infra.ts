import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestRedis, TestRedis } from '../../test/helpers/redis';
import { ReplicatedPostgres, startReplicatedPostgres } from '../../test/helpers/streaming-replica';
import type { BenchInfra } from './infra';

/** BenchInfra on a primary with one streaming replica (the tests' pair), for replica comparisons. */
export interface ReplicatedBenchInfra extends BenchInfra {
  /** The replica's URL for a database of the primary (it has every database the primary has). */
  replicaUrlFor(databaseUrl: string): string;
  /** Until the replica has replayed all the primary has written (a new database included). */
  waitForReplay(): Promise<void>;
}

/**
 * The same shape as startInfra, on test/helpers/streaming-replica.ts instead of one embedded
 * PostgreSQL: both sides of a replica comparison run on this pair, so the only difference
 * between them is whether the API is given the replica.
 */
export async function startReplicatedInfra(log: (line: string) => void): Promise<ReplicatedBenchInfra> {
  const logDir = mkdtempSync(join(tmpdir(), 'freight-bench-replica-logs-'));
  let pg: ReplicatedPostgres | undefined;
  let redis: TestRedis | undefined;
  const stop = async () => {
    await redis?.stop().catch(() => undefined);
    await pg?.stop().catch(() => undefined);
    rmSync(logDir, { recursive: true, force: true });
  };
  try {
    pg = await startReplicatedPostgres();
    await pg.query('primary', 'postgres', 'CREATE DATABASE freight');
    redis = await startTestRedis();
    log(`PostgreSQL primary on ${pg.primaryPort}, streaming replica on ${pg.replicaPort}, redis-server on ${redis.port}`);
  } catch (error) {
    await stop();
    throw error;
  }
  const pair = pg;
  return {
    databaseUrl: pair.primaryUrl('freight'),
    redis,
    logDir,
    stop,
    replicaUrlFor: (databaseUrl) => pair.replicaUrl(databaseUrl.replace(/^.*\//, '')),
    waitForReplay: () => pair.waitForReplay(),
  };
}
