import type { PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import type { ReadCounter } from './replica-metrics';
import { PrimaryReason, ReplicaMonitor } from './replica-monitor';
import { currentReadScope } from './read-target';

type Release = (error?: Error | boolean) => void;

/** The parts of TypeORM 1.1's PostgresDriver the router touches (typed loosely upstream). */
interface RoutablePostgresDriver {
  isReplicated: boolean;
  obtainMasterConnection(): Promise<[PoolClient, Release]>;
  obtainSlaveConnection(): Promise<[PoolClient, Release]>;
}

/**
 * Sends reads to replicas only where the read scope (read-target.ts) allows it.
 *
 * TypeORM 1.1 asks for a 'slave' query runner for one thing only: a SelectQueryBuilder run
 * without a query runner of its own (find*, findOne*, count, exists, getMany/getOne on a
 * repository or the DataSource's manager). Everything else takes 'master': DataSource.query(),
 * transactions and everything inside them (so every lock), inserts, updates and deletes,
 * migrations. PostgresQueryRunner.connect() calls driver.obtainSlaveConnection() for a 'slave'
 * runner when driver.isReplicated is set, and that is the one place this router replaces: with
 * no scope, or none that a replica qualifies for, the read takes the primary, as it would
 * without replicas.
 *
 * TypeORM's own `replication` option is not used: it connects to every replica at start-up
 * (the app would not start with one down) and picks one at random, lag or not.
 */
export function installReadRouter(dataSource: DataSource, monitor: ReplicaMonitor, counter: ReadCounter | undefined): void {
  const driver = dataSource.driver as unknown as RoutablePostgresDriver;
  const primary = (reason: PrimaryReason) => {
    counter?.read('primary', reason);
    return driver.obtainMasterConnection();
  };
  driver.obtainSlaveConnection = async () => {
    const scope = currentReadScope();
    if (!scope) return primary('unscoped');
    const choice = monitor.choose(scope.target);
    if (typeof choice === 'string') return primary(choice);
    let client: PoolClient;
    try {
      client = await choice.reads.connect();
    } catch (error) {
      monitor.markDown(choice, (error as Error).message);
      return primary('fallback');
    }
    scope.usedReplica = true;
    counter?.read(choice.name, scope.target.kind);
    return [client, (error?: Error | boolean) => client.release(error)];
  };
  driver.isReplicated = true;
}
