import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../src/database/data-source-options';
import { seedBulk } from '../src/database/seeding/bulk-seed';
import { createTestDatabase } from './helpers/database';

/**
 * `npm run migration:generate` would produce an empty migration: the entities and the
 * migrations describe the same schema. TypeORM's schema builder is what that command runs.
 */
describe('entities and migrations agree', () => {
  let drop: () => Promise<void>;
  let dataSource: DataSource;

  async function pendingSchemaChanges(): Promise<string[]> {
    const sql = await dataSource.driver.createSchemaBuilder().log();
    return sql.upQueries.map((query) => query.query);
  }

  beforeAll(async () => {
    const database = await createTestDatabase();
    drop = database.drop;
    dataSource = new DataSource(buildDataSourceOptions({ databaseUrl: database.url, poolSize: 2 }));
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await drop?.();
  });

  it('a freshly migrated database needs no further schema change', async () => {
    expect(await dataSource.showMigrations()).toBe(false);
    expect(await pendingSchemaChanges()).toEqual([]);
  });

  it('still none after a bulk seed dropped and rebuilt the secondary indexes and foreign keys', async () => {
    const before: Array<{ name: string; definition: string }> = await dataSource.query(
      `SELECT conname AS name, pg_get_constraintdef(oid) AS definition FROM pg_constraint WHERE connamespace = 'public'::regnamespace
       UNION ALL SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1, 2`,
    );
    // 20,000 loads into an empty table is big enough for the drop-and-rebuild path.
    await seedBulk(dataSource, { loads: 20_000, drivers: 50, users: 5 });
    const after = await dataSource.query(
      `SELECT conname AS name, pg_get_constraintdef(oid) AS definition FROM pg_constraint WHERE connamespace = 'public'::regnamespace
       UNION ALL SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1, 2`,
    );
    expect(after).toEqual(before);
    expect(await pendingSchemaChanges()).toEqual([]);
  }, 120_000);
});
