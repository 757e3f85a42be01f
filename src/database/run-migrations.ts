import { DataSource, MigrationExecutor } from 'typeorm';

/**
 * Runs the pending migrations without the app's statement_timeout: building an index on a big
 * table may take minutes, and a start-up that times out half-way would only retry it. The
 * lock_timeout stays: a migration waiting on a lock holds up every query queued behind it, so
 * failing fast (and starting again) is the kinder choice.
 */
export async function runMigrationsUnbounded(dataSource: DataSource): Promise<void> {
  const queryRunner = dataSource.createQueryRunner('master');
  try {
    await queryRunner.query('SET statement_timeout = 0');
    const executor = new MigrationExecutor(dataSource, queryRunner);
    executor.transaction = 'each';
    await executor.executePendingMigrations();
  } finally {
    // The session goes back to the pool: restore the configured bound first.
    await queryRunner.query('RESET statement_timeout').catch(() => undefined);
    await queryRunner.release();
  }
}
