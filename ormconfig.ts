import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from './src/database/data-source-options';

/**
 * The DataSource the TypeORM CLI uses (npm run migration:run / migration:generate).
 * The app builds its connection from the same options (src/database/database.module.ts).
 */
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  throw new Error('Set DATABASE_URL to run the TypeORM CLI, e.g. postgres://postgres:postgres@localhost:5432/freight');
}

export default new DataSource(buildDataSourceOptions({ databaseUrl }));
