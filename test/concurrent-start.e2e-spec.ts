import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../src/database/data-source-options';
import { migrations } from '../src/database/migrations';
import { runMigrationsUnbounded } from '../src/database/run-migrations';
import { DEMO_LOGINS, seedDemoData } from '../src/database/seeding/demo-data';
import { readTestEnvironment } from './helpers/test-env';

/**
 * Several replicas started together (docker compose up with API_REPLICAS=3) each run the pending
 * migrations and the demo seed at start-up. On an empty database they used to race: two
 * instances inserting the same demo users failed one start with a unique violation.
 */
describe('instances starting together on an empty database', () => {
  const adminUrl = readTestEnvironment().adminUrl;
  const name = `concurrent_start_${randomBytes(4).toString('hex')}`;
  const sources: DataSource[] = [];

  beforeAll(async () => {
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = adminUrl.replace(/\/postgres$/, `/${name}`);
    for (let i = 0; i < 3; i++) sources.push(await new DataSource(buildDataSourceOptions({ databaseUrl: url, poolSize: 2 })).initialize());
  });

  afterAll(async () => {
    await Promise.all(sources.map((source) => source.destroy()));
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });

  it('take turns: every migration runs once, and one of them seeds the demo data', async () => {
    await Promise.all(sources.map((source) => runMigrationsUnbounded(source)));
    const applied = await sources[0].query<Array<{ name: string }>>('SELECT name FROM migrations ORDER BY id');
    expect(applied.map((row) => row.name)).toEqual(migrations.map((migration) => migration.name));

    const seeded = await Promise.all(sources.map((source) => seedDemoData(source)));
    expect(seeded.filter(Boolean)).toHaveLength(1);
    const [{ count }] = await sources[0].query<Array<{ count: number }>>('SELECT count(*)::int AS count FROM users');
    expect(count).toBe(DEMO_LOGINS.length);
  });
});
