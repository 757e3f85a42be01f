/**
 * What idx_loads_delivered_at buys analytics on 1,000,000 loads: EXPLAIN ANALYZE (median of 5)
 * of the summary and daily queries over the default 30-day range, with the index and with it
 * dropped inside a transaction that is rolled back. Throwaway embedded PostgreSQL, removed after.
 *   npx ts-node --transpile-only bench/analytics-index.ts [--loads N]
 */
import 'reflect-metadata';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, QueryRunner } from 'typeorm';
import { DAILY_SQL, SUMMARY_SQL } from '../src/analytics/analytics.sql';
import { buildDataSourceOptions } from '../src/database/data-source-options';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { seedBulk } from '../src/database/seeding/bulk-seed';

async function medianMs(runner: QueryRunner, sql: string, parameters: unknown[]): Promise<number> {
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const rows = (await runner.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, parameters)) as Array<{
      'QUERY PLAN': Array<{ 'Execution Time': number }>;
    }>;
    runs.push(rows[0]['QUERY PLAN'][0]['Execution Time']);
  }
  return runs.sort((a, b) => a - b)[2];
}

async function main(): Promise<void> {
  const flag = process.argv.indexOf('--loads');
  const loads = flag > 0 ? Number(process.argv[flag + 1]) : 1_000_000;
  const postgres = await startEmbeddedPostgres({ dataDir: mkdtempSync(join(tmpdir(), 'analytics-index-')), persistent: false });
  try {
    await postgres.ensureDatabase('bench');
    const dataSource = new DataSource(buildDataSourceOptions({ databaseUrl: postgres.urlFor('bench'), poolSize: 2 }));
    await dataSource.initialize();
    await dataSource.runMigrations();
    await seedBulk(dataSource, { loads, drivers: 1000, users: 50 });
    const to = new Date();
    const from = new Date(to.getTime() - 30 * 86_400_000);
    const day = (d: Date) => d.toISOString().slice(0, 10);
    const queries: Array<[string, string, unknown[]]> = [
      ['summary', SUMMARY_SQL, [from, to, false, null]],
      ['daily', DAILY_SQL, [from, to, false, null, day(from), day(to)]],
    ];
    const runner = dataSource.createQueryRunner();
    for (const [name, sql, parameters] of queries)
      console.log(`with the index    ${name}: ${(await medianMs(runner, sql, parameters)).toFixed(1)} ms`);
    await runner.startTransaction();
    await runner.query('DROP INDEX idx_loads_delivered_at');
    for (const [name, sql, parameters] of queries)
      console.log(`without the index ${name}: ${(await medianMs(runner, sql, parameters)).toFixed(1)} ms`);
    await runner.rollbackTransaction();
    await runner.release();
    await dataSource.destroy();
  } finally {
    await postgres.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
