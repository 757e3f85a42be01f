import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../src/database/data-source-options';
import { migrations } from '../src/database/migrations';
import { runMigrationsUnbounded, STARTUP_LOCKS } from '../src/database/run-migrations';
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
    // With the app's bounds, lock_timeout shortened so that a turn outlasts it.
    const waits = { poolWaitMs: 5000, statementTimeoutMs: 5000, lockTimeoutMs: 200, idleInTransactionTimeoutMs: 30_000 };
    for (let i = 0; i < 3; i++) sources.push(await new DataSource(buildDataSourceOptions({ databaseUrl: url, poolSize: 2, waits })).initialize());
  });

  afterAll(async () => {
    await Promise.all(sources.map((source) => source.destroy()));
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });

  it('wait their turn however long the instance ahead takes, not lock_timeout', async () => {
    // An instance ahead holds the migrations' turn for longer than lock_timeout (200 ms here).
    const ahead = new Client({ connectionString: adminUrl.replace(/\/postgres$/, `/${name}`) });
    await ahead.connect();
    try {
      await ahead.query('BEGIN');
      await ahead.query('SELECT pg_advisory_xact_lock($1)', [STARTUP_LOCKS.migrations]);
      const waiting = runMigrationsUnbounded(sources[0]);
      const waiters = async () =>
        (await ahead.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`)).rows[0].n;
      for (let i = 0; (await waiters()) === 0; i++) {
        if (i > 200) throw new Error('the migration never queued behind the held turn');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      // Held well past lock_timeout, measured by the server: the queued turn must still be waiting.
      await ahead.query('SELECT pg_sleep(0.6)');
      expect(await waiters()).toBe(1);
      await ahead.query('COMMIT');
      await expect(waiting).resolves.toBeUndefined();
    } finally {
      await ahead.end();
    }
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
