import type { DataSource } from 'typeorm';

/**
 * A raw SELECT run as a read: on a 'slave' query runner, so it may go where the read scope
 * allows (read-router.ts). DataSource.query() always takes the primary; without replicas, or
 * outside a scope, this does too.
 */
export async function readQuery<T>(dataSource: DataSource, sql: string, parameters: unknown[]): Promise<T> {
  const runner = dataSource.createQueryRunner('slave');
  try {
    return (await runner.query(sql, parameters)) as T;
  } finally {
    await runner.release();
  }
}
