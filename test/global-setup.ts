import 'reflect-metadata';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../src/database/data-source-options';
import { startEmbeddedPostgres, RunningPostgres } from '../src/database/embedded-postgres';
import { testEnvironmentFile, TestEnvironment } from './helpers/test-env';

declare global {
  // Kept for global-teardown, which runs in the same process.
  var __FREIGHT_PG__: RunningPostgres | undefined;
}

/**
 * One throwaway PostgreSQL for the whole run (random port, fsync off, removed after).
 * Migrations run once into a template; each test file clones it into its own database.
 */
export default async function globalSetup(): Promise<void> {
  process.env.FREIGHT_TEST_RUN = String(process.pid);
  const postgresDir = mkdtempSync(join(tmpdir(), 'freight-test-pg-'));
  const postgres = await startEmbeddedPostgres({ dataDir: postgresDir, persistent: false, fast: true });
  globalThis.__FREIGHT_PG__ = postgres;

  const templateDatabase = 'freight_template';
  await postgres.ensureDatabase(templateDatabase);
  const dataSource = new DataSource(buildDataSourceOptions({ databaseUrl: postgres.urlFor(templateDatabase) }));
  await dataSource.initialize();
  await dataSource.runMigrations();
  await dataSource.destroy();

  const environment: TestEnvironment = {
    postgresPort: postgres.port,
    postgresDir,
    templateDatabase,
    adminUrl: postgres.urlFor('postgres'),
  };
  writeFileSync(testEnvironmentFile(), JSON.stringify(environment));
}
