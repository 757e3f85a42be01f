import type { DataSourceOptions } from 'typeorm';
import type { DatabaseWaits } from '../config/app-config';
import { entities } from './entities';
import { migrations } from './migrations';

export interface DatabaseSettings {
  databaseUrl: string;
  poolSize?: number;
  /** The app's bounds on every wait; the CLI, seeding and tests run without them (long migrations, bulk loads). */
  waits?: DatabaseWaits;
  /**
   * Behind PgBouncer (transaction mode): the server settings are not sent with the start-up
   * message, which PgBouncer answers with "unsupported startup parameter"; the role's own
   * settings (ALTER ROLE ... SET) must carry them. DatabaseStartupCheck warns when they do not.
   */
  pgBouncer?: boolean;
}

/** The one definition of how the app and the TypeORM CLI reach PostgreSQL. */
export function buildDataSourceOptions(settings: DatabaseSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: settings.databaseUrl,
    entities,
    migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    // The schema comes only from migrations.
    synchronize: false,
    // The schema's gen_random_uuid() is built into PostgreSQL 13+ and needs no extension; this
    // option makes generated SQL use it. TypeORM still runs CREATE EXTENSION IF NOT EXISTS
    // "pgcrypto" on connect (the entities have uuid columns), and only warns if the role may not.
    uuidExtension: 'pgcrypto',
    extra: {
      max: settings.poolSize ?? 10,
      connectionTimeoutMillis: settings.waits?.poolWaitMs ?? 5000,
      application_name: 'freight-api',
      // Sent with each connection's start-up message, so every session has them from its first statement.
      ...(settings.waits && !settings.pgBouncer
        ? {
            statement_timeout: settings.waits.statementTimeoutMs,
            lock_timeout: settings.waits.lockTimeoutMs,
            idle_in_transaction_session_timeout: settings.waits.idleInTransactionTimeoutMs,
          }
        : {}),
    },
  };
}
