import { randomBytes } from 'node:crypto';
import type { DataSource, QueryRunner } from 'typeorm';
import { hashPassword } from '../../auth/password';
import { estimatedRowCount, rebuildPays, suspendSecondaryIndexesAndForeignKeys, SuspendedConstraints } from './bulk-load-mode';
import { BulkSeedCounts, BulkSeedPlan, planBulkSeed } from './bulk-seed-plan';
import { CITIES } from './demo-data';

export type { BulkSeedCounts } from './bulk-seed-plan';

/** Every bulk-seeded user signs in with this password. Local development only. */
export const BULK_SEED_PASSWORD = 'bulk-seed-dev';
/** Bulk-seeded users live under <run tag>.BULK_EMAIL_DOMAIN, so a run never collides with another. */
export const BULK_EMAIL_DOMAIN = 'bulk.freight.local';

export interface BulkSeedResult {
  /** Part of every email, reference and licence number this run wrote. */
  runTag: string;
  inserted: { users: number; drivers: number; loads: number; routePlans: number; notifications: number };
  /** One login of each kind from this run, all with BULK_SEED_PASSWORD. */
  sampleLogins: { dispatcher: string; driver: string };
  elapsedMs: number;
}

export interface BulkSeedOptions {
  runTag?: string;
  log?: (line: string) => void;
}

const FIRST_NAMES = [
  'Alex',
  'Blake',
  'Casey',
  'Devon',
  'Emery',
  'Finley',
  'Gray',
  'Harper',
  'Jordan',
  'Kai',
  'Logan',
  'Morgan',
  'Noel',
  'Parker',
  'Quinn',
  'Riley',
  'Sam',
  'Taylor',
];
const LAST_NAMES = [
  'Garcia',
  'Smith',
  'Nguyen',
  'Johnson',
  'Patel',
  'Brown',
  'Kowalski',
  'Okafor',
  'Miller',
  'Rossi',
  'Jensen',
  'Silva',
  'Cohen',
  'Tanaka',
];
const EARTH_RADIUS_KM = 6371.0088;

interface Lane {
  origin: number;
  destination: number;
  distanceKm: number;
}

function distanceKm(a: readonly [string, number, number], b: readonly [string, number, number]): number {
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad;
  const dLng = (b[2] - a[2]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(h));
}

/** Every ordered pair of distinct demo cities, with its great-circle distance. */
function lanes(): Lane[] {
  const result: Lane[] = [];
  CITIES.forEach((origin, o) =>
    CITIES.forEach((destination, d) => {
      if (o !== d) result.push({ origin: o, destination: d, distanceKm: Math.round(distanceKm(origin, destination) * 100) / 100 });
    }),
  );
  return result;
}

/**
 * Adds `counts` worth of realistic rows with set-based SQL (INSERT ... SELECT over
 * generate_series), in one transaction, then ANALYZEs the tables. Safe to run again on the
 * same database: every unique value carries a random run tag.
 */
export async function seedBulk(dataSource: DataSource, counts: BulkSeedCounts, options: BulkSeedOptions = {}): Promise<BulkSeedResult> {
  const started = Date.now();
  const plan = planBulkSeed(counts);
  const runTag = options.runTag ?? randomBytes(4).toString('hex');
  if (!/^[a-z0-9]{1,12}$/.test(runTag)) throw new RangeError('runTag must be 1-12 lowercase letters or digits');
  const log = options.log ?? (() => undefined);
  const passwordHash = await hashPassword(BULK_SEED_PASSWORD);
  // One instant for the whole run, so created_at values are spaced exactly as planned.
  const runNow = new Date();

  const runner = dataSource.createQueryRunner();
  await runner.connect();
  let inserted: BulkSeedResult['inserted'];
  try {
    await runner.startTransaction();
    try {
      // The materialised rows of the loads statement stay in memory up to a million or so.
      await runner.query(`SET LOCAL work_mem = '256MB'`);
      await runner.query(`SET LOCAL maintenance_work_mem = '256MB'`);
      const users = await insertUsers(runner, plan, runTag, passwordHash, runNow);
      log(`users: ${users} (${seconds(started)})`);
      const drivers = await insertDrivers(runner, plan, runTag, runNow);
      log(`drivers: ${drivers} (${seconds(started)})`);
      const suspended = await suspendWhereRebuildPays(runner, plan, log);
      const rest = await insertLoads(runner, plan, runTag, runNow);
      log(`loads: ${rest.loads}, route plans: ${rest.routePlans}, notifications: ${rest.notifications} (${seconds(started)})`);
      // Fresh statistics, so the planner sees the new distribution straight away; taken before
      // the foreign keys come back so their validating joins are planned on real numbers.
      // ANALYZE counts this transaction's own new rows.
      await runner.query('ANALYZE users, drivers, loads, route_plans, notifications');
      log(`analyzed (${seconds(started)})`);
      for (const table of suspended) await table.restore();
      if (suspended.length) log(`indexes and foreign keys rebuilt (${seconds(started)})`);
      await runner.commitTransaction();
      inserted = { users, drivers, ...rest };
    } catch (error) {
      await runner.rollbackTransaction();
      throw error;
    }
  } finally {
    await runner.release();
  }
  return {
    runTag,
    inserted,
    sampleLogins: { dispatcher: bulkEmail('dispatcher', plan.admins, runTag), driver: bulkEmail('driver', 0, runTag) },
    elapsedMs: Date.now() - started,
  };
}

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

/** The three big tables, with the rows this run adds to each (route plans: about a tenth). */
async function suspendWhereRebuildPays(runner: QueryRunner, plan: BulkSeedPlan, log: (line: string) => void): Promise<SuspendedConstraints[]> {
  const growth: Array<[string, number]> = [
    ['loads', plan.loads.total],
    ['notifications', plan.loads.total],
    ['route_plans', Math.ceil(plan.loads.total / plan.deliveredRoutePlanEvery)],
  ];
  const suspended: SuspendedConstraints[] = [];
  for (const [table, newRows] of growth) {
    if (rebuildPays(await estimatedRowCount(runner, table), newRows)) {
      suspended.push(await suspendSecondaryIndexesAndForeignKeys(runner, table));
      log(`${table}: secondary indexes and foreign keys dropped, rebuilt after the load`);
    }
  }
  return suspended;
}

/** The same shape as the emails the SQL below writes. */
export function bulkEmail(role: 'admin' | 'dispatcher' | 'driver', index: number, runTag: string): string {
  return `${role}-${String(index).padStart(7, '0')}@${runTag}.${BULK_EMAIL_DOMAIN}`;
}

async function rowCount(runner: QueryRunner, sql: string, parameters: unknown[]): Promise<number> {
  const rows = (await runner.query(sql, parameters)) as Array<{ count: number }>;
  return rows[0].count;
}

/** Office users first (admins, then dispatchers), then one user per driver. */
async function insertUsers(runner: QueryRunner, plan: BulkSeedPlan, runTag: string, passwordHash: string, runNow: Date): Promise<number> {
  const office = plan.admins + plan.dispatchers;
  // Temp tables hand out the ids up front, so later statements join on a plain index number.
  await runner.query(
    `CREATE TEMP TABLE bulk_office ON COMMIT DROP AS
     SELECT i, gen_random_uuid() AS id FROM generate_series(0, $1::int - 1) AS i`,
    [office],
  );
  await runner.query(
    `CREATE TEMP TABLE bulk_driver ON COMMIT DROP AS
     SELECT i, gen_random_uuid() AS id, gen_random_uuid() AS user_id FROM generate_series(0, $1::int - 1) AS i`,
    [plan.drivers],
  );
  await runner.query('ALTER TABLE bulk_office ADD PRIMARY KEY (i)');
  await runner.query('ALTER TABLE bulk_driver ADD PRIMARY KEY (i)');
  await runner.query('ANALYZE bulk_office, bulk_driver');

  return rowCount(
    runner,
    `WITH names AS (SELECT $1::text[] AS first, $2::text[] AS last),
          people AS (
            SELECT o.id, o.i,
                   CASE WHEN o.i < $6 THEN 'admin' ELSE 'dispatcher' END::user_role AS role,
                   $5::timestamptz - interval '900 days' + o.i * interval '1 hour' AS created
            FROM bulk_office o
            UNION ALL
            SELECT d.user_id, d.i, 'driver'::user_role,
                   $5::timestamptz - (d.i + 1) * ($7::float8 * interval '1 millisecond')
            FROM bulk_driver d),
          ins AS (
            INSERT INTO users (id, email, password_hash, name, phone, role, created_at, updated_at)
            SELECT p.id,
                   p.role || '-' || lpad(p.i::text, 7, '0') || '@' || $3 || '.' || $4,
                   $8,
                   n.first[1 + p.i % cardinality(n.first)] || ' ' || n.last[1 + (p.i / cardinality(n.first)) % cardinality(n.last)],
                   '+1-555-' || lpad((p.i % 10000)::text, 4, '0'),
                   p.role, p.created, p.created
            FROM people p CROSS JOIN names n
            RETURNING 1)
     SELECT count(*)::int AS count FROM ins`,
    [
      FIRST_NAMES,
      LAST_NAMES,
      runTag,
      BULK_EMAIL_DOMAIN,
      runNow.toISOString(),
      plan.admins,
      // Drivers joined over the last three years, one every this many milliseconds.
      Math.floor((3 * 365 * 86_400_000) / plan.drivers),
      passwordHash,
    ],
  );
}

/** Driver i < busyDrivers carries active load i; the others are available. */
async function insertDrivers(runner: QueryRunner, plan: BulkSeedPlan, runTag: string, runNow: Date): Promise<number> {
  return rowCount(
    runner,
    `WITH city AS (SELECT $1::float8[] AS lat, $2::float8[] AS lng),
          ins AS (
            INSERT INTO drivers (id, user_id, name, phone, license_number, is_available,
                                 current_lat, current_lng, location_updated_at, created_at, updated_at)
            SELECT d.id, d.user_id, u.name, u.phone,
                   'CDL-' || upper($3) || '-' || lpad(d.i::text, 7, '0'),
                   d.i >= $4,
                   c.lat[1 + d.i % cardinality(c.lat)] + (random() - 0.5) * 0.4,
                   c.lng[1 + d.i % cardinality(c.lng)] + (random() - 0.5) * 0.4,
                   $5::timestamptz - random() * interval '6 hours',
                   u.created_at, u.created_at
            FROM bulk_driver d
            JOIN users u ON u.id = d.user_id
            CROSS JOIN city c
            ORDER BY d.i
            RETURNING 1)
     SELECT count(*)::int AS count FROM ins`,
    [CITIES.map((c) => c[1]), CITIES.map((c) => c[2]), runTag, plan.busyDrivers, runNow.toISOString()],
  );
}

/**
 * Loads, oldest first (k counts back from the newest, so the heap is in created_at order as
 * in real life), and in the same statement the drivers' notifications and the route plans.
 * `timed` is materialised with the load ids chosen up front, so the three inserts share one
 * set of rows (and ids) instead of reading a RETURNING buffer of whole load rows.
 */
async function insertLoads(
  runner: QueryRunner,
  plan: BulkSeedPlan,
  runTag: string,
  runNow: Date,
): Promise<{ loads: number; routePlans: number; notifications: number }> {
  const allLanes = lanes();
  const { posted, assigned, inTransit } = plan.loads;
  const active = assigned + inTransit;
  // A real (temp) table with a key, not a CTE: the planner then joins it sensibly at any size.
  await runner.query(
    `CREATE TEMP TABLE bulk_lane ON COMMIT DROP AS
     SELECT (l.n - 1)::int AS n, l.km, o.name AS o_name, o.lat AS o_lat, o.lng AS o_lng,
            d.name AS d_name, d.lat AS d_lat, d.lng AS d_lng,
            l.km / 65.0 * interval '1 hour' AS drive
     FROM unnest($4::int[], $5::int[], $6::float8[]) WITH ORDINALITY AS l(o, d, km, n)
     JOIN unnest($1::text[], $2::float8[], $3::float8[]) WITH ORDINALITY AS o(name, lat, lng, n) ON o.n = l.o + 1
     JOIN unnest($1::text[], $2::float8[], $3::float8[]) WITH ORDINALITY AS d(name, lat, lng, n) ON d.n = l.d + 1`,
    [
      CITIES.map((c) => c[0]),
      CITIES.map((c) => c[1]),
      CITIES.map((c) => c[2]),
      allLanes.map((l) => l.origin),
      allLanes.map((l) => l.destination),
      allLanes.map((l) => l.distanceKm),
    ],
  );
  await runner.query('ALTER TABLE bulk_lane ADD PRIMARY KEY (n)');
  await runner.query('ANALYZE bulk_lane');
  const rows = (await runner.query(
    `WITH gen AS (
            SELECT k, gen_random_uuid() AS id,
                   ((k * 40503) % $9)::int AS lane,
                   $1::timestamptz - (k * $2::bigint + floor(random() * ($2::bigint / 2))) * interval '1 millisecond' AS created,
                   CASE WHEN k < $3 THEN 'posted'
                        WHEN k < $3 + $4 THEN 'assigned'
                        WHEN k < $3 + $5 THEN 'in_transit'
                        WHEN (k - $3 - $5) % $6 = $6 - 1 THEN 'cancelled'
                        ELSE 'delivered' END::load_status AS status,
                   -- Posted loads and half the cancellations never got a driver.
                   CASE WHEN k < $3 THEN NULL
                        WHEN k < $3 + $5 THEN k - $3
                        WHEN (k - $3 - $5) % $6 = $6 - 1 AND (k / $6) % 2 = 0 THEN NULL
                        ELSE k % $7 END AS driver_index
            FROM generate_series($8::bigint - 1, 0, -1) AS k),
          -- Kept narrow (no city names or coordinates) so a million rows fit in work_mem.
          timed AS MATERIALIZED (
            SELECT g.k, g.id, g.lane, g.created, g.status, g.pickup,
                   dr.id AS driver_id, dr.user_id AS driver_user_id, off.id AS created_by_id,
                   least($1::timestamptz, CASE g.status
                     WHEN 'delivered' THEN g.pickup + l.drive + interval '4 hours'
                     WHEN 'in_transit' THEN g.pickup + interval '30 minutes'
                     WHEN 'cancelled' THEN g.created + interval '6 hours'
                     WHEN 'assigned' THEN g.created + interval '20 minutes'
                     ELSE g.created END) AS updated
            FROM (SELECT gen.*, gen.created + interval '4 hours' + (gen.k % 20) * interval '1 hour' AS pickup FROM gen) g
            JOIN bulk_lane l ON l.n = g.lane
            JOIN bulk_office off ON off.i = g.k % $11
            LEFT JOIN bulk_driver dr ON dr.i = g.driver_index),
          loads_in AS (
            INSERT INTO loads (id, reference, origin_city, origin_lat, origin_lng, destination_city, destination_lat, destination_lng,
                               pickup_window_start, pickup_window_end, delivery_window_start, delivery_window_end,
                               weight_kg, rate_cents, status, driver_id, created_by_id, created_at, updated_at,
                               picked_up_at, delivered_at, cancelled_at)
            SELECT t.id, 'BLK-' || $10 || '-' || lpad(t.k::text, 8, '0'), l.o_name, l.o_lat, l.o_lng, l.d_name, l.d_lat, l.d_lng,
                   t.pickup, t.pickup + interval '4 hours',
                   t.pickup + l.drive + interval '2 hours', t.pickup + l.drive + interval '8 hours',
                   1000 + floor(random() * 23000)::int,
                   round(25000 + l.km * (120 + random() * 80))::int,
                   t.status, t.driver_id, t.created_by_id, t.created, t.updated,
                   CASE WHEN t.status IN ('in_transit', 'delivered') THEN least($1::timestamptz, t.pickup + interval '30 minutes') END,
                   CASE WHEN t.status = 'delivered' THEN t.updated END,
                   CASE WHEN t.status = 'cancelled' THEN t.updated END
            FROM timed t JOIN bulk_lane l ON l.n = t.lane
            RETURNING 1),
          notes AS (
            INSERT INTO notifications (user_id, type, title, message, load_id, read_at, created_at)
            SELECT t.driver_user_id, 'load_assigned'::notification_type, 'New load assigned',
                   'You have been assigned load BLK-' || $10 || '-' || lpad(t.k::text, 8, '0'), t.id,
                   CASE WHEN t.status IN ('delivered', 'cancelled') THEN t.updated END,
                   least($1::timestamptz, t.created + interval '20 minutes')
            FROM timed t WHERE t.driver_user_id IS NOT NULL
            UNION ALL
            -- The dispatcher hears that a load is on the road.
            SELECT t.created_by_id, 'load_status_changed'::notification_type, 'Load BLK-' || $10 || '-' || lpad(t.k::text, 8, '0') || ' is in_transit',
                   'Load BLK-' || $10 || '-' || lpad(t.k::text, 8, '0') || ' moved to in_transit', t.id, NULL, t.updated
            FROM timed t WHERE t.status = 'in_transit'
            RETURNING 1),
          plans AS (
            INSERT INTO route_plans (load_id, stops, distance_km, eta_minutes, created_at, updated_at)
            SELECT t.id,
                   jsonb_build_array(
                     jsonb_build_object('lat', l.o_lat, 'lng', l.o_lng, 'label', l.o_name),
                     jsonb_build_object('lat', (l.o_lat + l.d_lat) / 2, 'lng', (l.o_lng + l.d_lng) / 2, 'label', 'Fuel stop'),
                     jsonb_build_object('lat', l.d_lat, 'lng', l.d_lng, 'label', l.d_name)),
                   l.km, ceil(l.km / 65.0 * 60)::int, t.created, t.updated
            FROM timed t JOIN bulk_lane l ON l.n = t.lane
            WHERE t.status IN ('assigned', 'in_transit')
               OR (t.status = 'delivered' AND t.k % $12 = 0)
            RETURNING 1)
     SELECT (SELECT count(*)::int FROM loads_in) AS loads,
            (SELECT count(*)::int FROM plans) AS route_plans,
            (SELECT count(*)::int FROM notes) AS notifications`,
    [
      runNow.toISOString(),
      plan.loadSpacingMs,
      posted,
      assigned,
      active,
      plan.cancelledEvery,
      plan.drivers,
      plan.loads.total,
      allLanes.length,
      runTag,
      plan.admins + plan.dispatchers,
      plan.deliveredRoutePlanEvery,
    ],
  )) as Array<{ loads: number; route_plans: number; notifications: number }>;
  return { loads: rows[0].loads, routePlans: rows[0].route_plans, notifications: rows[0].notifications };
}
