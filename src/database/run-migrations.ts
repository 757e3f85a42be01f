import { DataSource, MigrationExecutor } from 'typeorm';

/**
 * Keys of the transaction-level advisory locks by which instances starting together take turns
 * (any 64-bit number no other user of the database picks; these spell "freight" and a purpose).
 */
export const STARTUP_LOCKS = {
  migrations: '7237117620000001',
  demoSeed: '7237117620000002',
} as const;

/** Runs one SQL statement in the caller's transaction. */
export type RunQuery = (sql: string, parameters?: unknown[]) => Promise<unknown>;

/**
 * Takes a start-up lock in the current transaction, waiting as long as the instance ahead needs
 * (a long migration): under the pool's lock_timeout a waiting instance would fail, retry and
 * crash-loop. lock_timeout is restored once the turn is ours, for the work done under it.
 */
export async function takeTurn(query: RunQuery, key: string): Promise<void> {
  const [{ lock_timeout: lockTimeout }] = (await query('SHOW lock_timeout')) as Array<{ lock_timeout: string }>;
  await query('SET LOCAL lock_timeout = 0');
  await query('SELECT pg_advisory_xact_lock($1)', [key]);
  await query("SELECT set_config('lock_timeout', $1, true)", [lockTimeout]);
}

/**
 * Runs the pending migrations in one transaction that first takes an advisory lock, so instances
 * starting together take turns: the first migrates, the next find nothing pending. The lock is
 * transaction-level (pg_advisory_xact_lock), never a session lock: behind PgBouncer in
 * transaction mode a session lock could be taken on one server connection and never released
 * on another. For the same reason statement_timeout is lifted with SET LOCAL, which ends with
 * the transaction: building an index on a big table may take minutes, and a start-up that times
 * out half-way would only retry it. The lock_timeout stays: a migration waiting on a lock holds
 * up every query queued behind it, so failing fast (and starting again) is the kinder choice.
 * One transaction also means all pending migrations apply or none do. A migration that must run
 * outside a transaction (`transaction = false`, e.g. CREATE INDEX CONCURRENTLY) is refused by
 * TypeORM here: run it with the CLI (`npm run migration:run`) on a direct connection.
 */
export async function runMigrationsUnbounded(dataSource: DataSource): Promise<void> {
  const queryRunner = dataSource.createQueryRunner('master');
  try {
    await queryRunner.startTransaction();
    await queryRunner.query('SET LOCAL statement_timeout = 0');
    await takeTurn((sql, parameters) => queryRunner.query(sql, parameters) as Promise<unknown>, STARTUP_LOCKS.migrations);
    const executor = new MigrationExecutor(dataSource, queryRunner);
    executor.transaction = 'all';
    await executor.executePendingMigrations();
    await queryRunner.commitTransaction();
  } catch (error) {
    if (queryRunner.isTransactionActive) await queryRunner.rollbackTransaction().catch(() => undefined);
    throw error;
  } finally {
    await queryRunner.release();
  }
}
