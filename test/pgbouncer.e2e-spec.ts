import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../src/database/data-source-options';
import { migrations } from '../src/database/migrations';
import { runMigrationsUnbounded } from '../src/database/run-migrations';
import { newLoadBody } from './loads-fixtures';
import { createTestDatabase } from './helpers/database';
import { RunningPgBouncer, startPgBouncer } from './helpers/pgbouncer';
import { startTestRedis, TestRedis } from './helpers/redis';
import { startTestApp, TestApp } from './helpers/test-app';
import { readTestEnvironment } from './helpers/test-env';

const waits = { poolWaitMs: 2000, statementTimeoutMs: 5000, lockTimeoutMs: 2000, idleInTransactionTimeoutMs: 10_000 };

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The app with DATABASE_URL pointing at Debian's PgBouncer in transaction mode (DB_PGBOUNCER=true):
 * each transaction may run on another server connection, so nothing may rely on a session.
 */
describe('behind PgBouncer in transaction mode', () => {
  let database: { url: string; drop(): Promise<void> };
  let bouncer: RunningPgBouncer;
  let redis: TestRedis;
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    // The bounds the app cannot send through PgBouncer, on the database (ALTER ROLE in production).
    const admin = new Client({ connectionString: database.url });
    await admin.connect();
    const name = new URL(database.url).pathname.slice(1);
    await admin.query(`ALTER DATABASE ${name} SET statement_timeout = '5s'`);
    await admin.query(`ALTER DATABASE ${name} SET lock_timeout = '2s'`);
    await admin.query(`ALTER DATABASE ${name} SET idle_in_transaction_session_timeout = '10s'`);
    await admin.end();
    bouncer = await startPgBouncer(database.url);
    redis = await startTestRedis();
    t = await startTestApp(
      { REDIS_URL: redis.url, DB_PGBOUNCER: 'true', REDIS_COMMAND_TIMEOUT_MS: '200', CACHE_INVALIDATION_WAIT_MS: '300' },
      { databaseUrl: bouncer.urlFor(database.url) },
    );
    token = await t.login('dispatcher@freight.local');
  });

  afterAll(async () => {
    await t?.close();
    await bouncer?.stop();
    await redis?.stop();
    await database?.drop();
  });

  it('connects only without the start-up parameters PgBouncer refuses (DB_PGBOUNCER)', async () => {
    const url = bouncer.urlFor(database.url);
    const direct = new DataSource(buildDataSourceOptions({ databaseUrl: url, poolSize: 1, waits }));
    await expect(direct.initialize()).rejects.toThrow(/unsupported startup parameter/);
    const pooled = await new DataSource(buildDataSourceOptions({ databaseUrl: url, poolSize: 1, waits, pgBouncer: true })).initialize();
    try {
      // The role's (here the database's) settings carry the bounds instead.
      const [row] = await pooled.query<Array<{ statement_timeout: string }>>('SHOW statement_timeout');
      expect(row.statement_timeout).toBe('5s');
    } finally {
      await pooled.destroy();
    }
  });

  it('reads its own writes, from the database and from the cache', async () => {
    const [load] = (await t.request('GET', '/api/loads?status=posted&limit=1', { token })).body.data;
    for (const weightKg of [11_111, 22_222, 33_333]) {
      expect((await t.request('PATCH', `/api/loads/${load.id}`, { token, body: { weightKg } })).status).toBe(200);
      const first = await t.request('GET', `/api/loads/${load.id}`, { token });
      const second = await t.request('GET', `/api/loads/${load.id}`, { token });
      expect([first.body.weightKg, second.body.weightKg]).toEqual([weightKg, weightKg]);
      expect(second.headers.get('x-cache')).toBe('HIT');
    }
  });

  it('replays an idempotent create instead of running it twice', async () => {
    const key = randomUUID();
    const body = newLoadBody({ weightKg: 12_345 });
    const first = await t.request('POST', '/api/loads', { token, body, headers: { 'idempotency-key': key } });
    const again = await t.request('POST', '/api/loads', { token, body, headers: { 'idempotency-key': key } });
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    const [{ n }] = await t.dataSource.query<Array<{ n: number }>>('SELECT count(*)::int AS n FROM loads WHERE id = $1', [first.body.id]);
    expect(n).toBe(1);
  });

  it('applies an invalidation left in the outbox while Redis was away (the relay)', async () => {
    const pending = async () => (await t.dataSource.query<Array<{ n: number }>>('SELECT count(*)::int AS n FROM cache_invalidation_outbox'))[0].n;
    const [driver] = (await t.request('GET', '/api/drivers?limit=1', { token })).body.data;
    const path = `/api/drivers/${driver.id}`;
    await t.request('GET', path, { token });
    expect((await t.request('GET', path, { token })).headers.get('x-cache')).toBe('HIT');
    await redis.kill();
    expect((await t.request('PATCH', path, { token, body: { name: 'Written Through PgBouncer' } })).status).toBe(200);
    expect(await pending()).toBeGreaterThanOrEqual(1);
    await redis.restart();
    await waitFor('the relay empties the outbox', async () => (await pending()) === 0);
    await waitFor('the cache is used again', async () => (await t.request('GET', path, { token })).headers.get('x-cache') === 'HIT');
    expect((await t.request('GET', path, { token })).body.name).toBe('Written Through PgBouncer');
  });

  it('lets instances starting together migrate an empty database in turn, through PgBouncer', async () => {
    const adminUrl = readTestEnvironment().adminUrl;
    const name = `pgbouncer_migrate_${randomBytes(4).toString('hex')}`;
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.query(`ALTER DATABASE ${name} SET statement_timeout = '7s'`);
    const url = bouncer.urlFor(adminUrl.replace(/\/postgres$/, `/${name}`));
    const sources = await Promise.all(
      [1, 2].map(() => new DataSource(buildDataSourceOptions({ databaseUrl: url, poolSize: 2, pgBouncer: true })).initialize()),
    );
    try {
      await Promise.all(sources.map((source) => runMigrationsUnbounded(source)));
      const applied = await sources[0].query<Array<{ name: string }>>('SELECT name FROM migrations ORDER BY id');
      expect(applied.map((row) => row.name)).toEqual(migrations.map((migration) => migration.name));
      // The migrations' SET LOCAL statement_timeout = 0 ended with their transaction: no server
      // connection PgBouncer hands out kept it.
      const timeouts = await Promise.all(
        sources.flatMap((source) =>
          [1, 2].map(async () => (await source.query<Array<{ statement_timeout: string }>>('SHOW statement_timeout'))[0].statement_timeout),
        ),
      );
      expect(timeouts).toEqual(['7s', '7s', '7s', '7s']);
    } finally {
      await Promise.all(sources.map((source) => source.destroy()));
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  });
});
