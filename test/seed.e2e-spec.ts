import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { verifyPassword } from '../src/auth/password';
import { BULK_SEED_PASSWORD } from '../src/database/seeding/bulk-seed';
import { readTestEnvironment } from './helpers/test-env';

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

const root = resolve(__dirname, '..');

/** `npm run seed -- <args>` exactly as a developer types it. */
function runSeed(args: string[], env: Record<string, string | undefined>): Promise<CliRun> {
  return new Promise((done) => {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
    if (env.DATABASE_URL === undefined) delete childEnv.DATABASE_URL;
    execFile('npm', ['run', '--silent', 'seed', '--', ...args], { cwd: root, env: childEnv, timeout: 120_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      done({ code, stdout, stderr });
    });
  });
}

describe('npm run seed (bulk seed CLI)', () => {
  const adminUrl = readTestEnvironment().adminUrl;
  // An empty database, not the migrated template: the CLI must migrate it first.
  const name = `seed_${randomBytes(6).toString('hex')}`;
  const databaseUrl = adminUrl.replace(/\/postgres$/, `/${name}`);
  let client: Client;

  async function counts(): Promise<Record<string, number>> {
    const [row] = (
      await client.query(
        `SELECT (SELECT count(*) FROM users)::int AS users, (SELECT count(*) FROM drivers)::int AS drivers,
                (SELECT count(*) FROM loads)::int AS loads, (SELECT count(*) FROM route_plans)::int AS route_plans,
                (SELECT count(*) FROM notifications)::int AS notifications`,
      )
    ).rows;
    return row;
  }

  beforeAll(async () => {
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    client = new Client({ connectionString: databaseUrl });
    await client.connect();
  });

  afterAll(async () => {
    await client?.end();
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });

  it('migrates an empty database, then adds the requested rows and reports them', async () => {
    const run = await runSeed(['--loads', '3000', '--drivers', '40', '--users', '12'], { DATABASE_URL: databaseUrl });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Applied migrations: InitialSchema/);
    expect(run.stdout).toMatch(/Done in \d+\.\d s/);
    expect(run.stdout).toMatch(/loads +3000/);

    const after = await counts();
    expect(after).toMatchObject({ users: 12 + 40, drivers: 40, loads: 3000 });
    expect(after.route_plans).toBeGreaterThan(0);
    expect(after.notifications).toBeGreaterThan(2000);
    const {
      rows: [spread],
    } = await client.query(
      `SELECT count(DISTINCT created_at)::int AS instants, extract(day FROM max(created_at) - min(created_at))::int AS days FROM loads`,
    );
    expect(spread.instants).toBe(3000);
    expect(spread.days).toBeGreaterThan(700);

    const { rows: roles } = await client.query(`SELECT role, count(*)::int AS count FROM users GROUP BY role ORDER BY role`);
    expect(roles).toEqual([
      { role: 'admin', count: 1 },
      { role: 'dispatcher', count: 11 },
      { role: 'driver', count: 40 },
    ]);
    // Drivers on an active load are the busy ones, one active load each.
    const {
      rows: [consistency],
    } = await client.query(
      `SELECT (SELECT count(*) FROM drivers WHERE NOT is_available)::int AS busy,
              (SELECT count(DISTINCT driver_id) FROM loads WHERE status IN ('assigned', 'in_transit'))::int AS carrying,
              (SELECT count(*) FROM loads WHERE status IN ('assigned', 'in_transit'))::int AS active`,
    );
    expect(consistency.busy).toBe(consistency.carrying);
    expect(consistency.active).toBe(consistency.carrying);
    // The documented development password opens every seeded account.
    const {
      rows: [user],
    } = await client.query(`SELECT password_hash FROM users WHERE role = 'dispatcher' LIMIT 1`);
    expect(await verifyPassword(BULK_SEED_PASSWORD, user.password_hash)).toBe(true);
  }, 120_000);

  it('a second run adds as many rows again, with no unique-key collisions', async () => {
    const before = await counts();
    const run = await runSeed(['--loads=3000', '--drivers=40', '--users=12'], { DATABASE_URL: databaseUrl });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Schema is up to date/);
    const after = await counts();
    expect(after).toMatchObject({ users: before.users + 52, drivers: before.drivers + 40, loads: before.loads + 3000 });
    const {
      rows: [distinct],
    } = await client.query('SELECT count(DISTINCT reference)::int AS refs, count(DISTINCT id)::int AS ids FROM loads');
    expect(distinct).toEqual({ refs: 6000, ids: 6000 });
  }, 120_000);

  it.each([
    [['--loads', '0'], /--loads must be a whole number from 1/],
    [['--drivers', 'many'], /--drivers must be a whole number/],
    [['--users', '-1'], /--users must be a whole number/],
    [['--trucks', '5'], /Unknown argument "--trucks"/],
  ])(
    'rejects %j with exit code 2 and the usage, writing nothing',
    async (args, message) => {
      const before = await counts();
      const run = await runSeed(args, { DATABASE_URL: databaseUrl });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).toMatch(/Usage: npm run seed -- \[--loads N\]/);
      expect(await counts()).toEqual(before);
    },
    60_000,
  );

  it('says what to do when DATABASE_URL is missing (exit code 2)', async () => {
    const run = await runSeed(['--loads', '10'], { DATABASE_URL: undefined });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/DATABASE_URL is not set/);
  }, 60_000);
});
