import type { DataSourceOptions } from 'typeorm';
import { entities } from './entities';
import { migrations } from './migrations';

export interface DatabaseSettings {
  databaseUrl: string;
  poolSize?: number;
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
      connectionTimeoutMillis: 5000,
      application_name: 'freight-api',
    },
  };
}
