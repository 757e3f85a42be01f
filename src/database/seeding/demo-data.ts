import { DataSource } from 'typeorm';
import { hashPassword } from '../../auth/password';
import { STARTUP_LOCKS, takeTurn } from '../run-migrations';

/** Demo logins printed at start-up and listed in the README. Local development only. */
export const DEMO_LOGINS = [
  { email: 'admin@freight.local', password: 'admin123', role: 'admin', name: 'Ada Admin' },
  { email: 'dispatcher@freight.local', password: 'dispatcher123', role: 'dispatcher', name: 'Dana Dispatcher' },
  { email: 'dispatcher2@freight.local', password: 'dispatcher123', role: 'dispatcher', name: 'Dev Dispatcher' },
  { email: 'driver1@freight.local', password: 'driver123', role: 'driver', name: 'Diego Driver' },
  { email: 'driver2@freight.local', password: 'driver123', role: 'driver', name: 'Dina Driver' },
  { email: 'driver3@freight.local', password: 'driver123', role: 'driver', name: 'Dmitri Driver' },
  { email: 'driver4@freight.local', password: 'driver123', role: 'driver', name: 'Daria Driver' },
] as const;

export const CITIES: ReadonlyArray<readonly [string, number, number]> = [
  ['Chicago, IL', 41.8781, -87.6298],
  ['Dallas, TX', 32.7767, -96.797],
  ['Atlanta, GA', 33.749, -84.388],
  ['Denver, CO', 39.7392, -104.9903],
  ['Los Angeles, CA', 34.0522, -118.2437],
  ['Memphis, TN', 35.1495, -90.049],
  ['Kansas City, MO', 39.0997, -94.5786],
  ['Columbus, OH', 39.9612, -82.9988],
  ['Phoenix, AZ', 33.4484, -112.074],
  ['Seattle, WA', 47.6062, -122.3321],
  ['Nashville, TN', 36.1627, -86.7816],
  ['Indianapolis, IN', 39.7684, -86.1581],
];

/**
 * Small, realistic demo data for `npm start`: the demo logins, their drivers, about 60 loads
 * spread over the lifecycle and the last 30 days, route plans and notifications.
 * Runs only when the users table is empty. Returns whether it seeded.
 * Instances starting together on an empty database take turns (a transaction-level advisory
 * lock, PgBouncer-safe): the first seeds, the others then find users and leave.
 */
export async function seedDemoData(dataSource: DataSource): Promise<boolean> {
  return dataSource.transaction(async (manager) => {
    await takeTurn((sql, parameters) => manager.query(sql, parameters), STARTUP_LOCKS.demoSeed);
    const [{ count }] = await manager.query<Array<{ count: number }>>('SELECT count(*)::int AS count FROM users');
    if (count > 0) return false;

    const hashes = new Map<string, string>();
    for (const login of DEMO_LOGINS) {
      if (!hashes.has(login.password)) hashes.set(login.password, await hashPassword(login.password));
    }
    const userIds: Record<string, string> = {};
    for (const login of DEMO_LOGINS) {
      const [row] = await manager.query<Array<{ id: string }>>(
        `INSERT INTO users (email, password_hash, name, role, phone) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [login.email, hashes.get(login.password), login.name, login.role, '+1-555-0100'],
      );
      userIds[login.email] = row.id;
    }
    const driverLogins = DEMO_LOGINS.filter((l) => l.role === 'driver');
    const driverIds: string[] = [];
    for (const [i, login] of driverLogins.entries()) {
      const [, lat, lng] = CITIES[i % CITIES.length];
      const [row] = await manager.query<Array<{ id: string }>>(
        `INSERT INTO drivers (user_id, name, phone, license_number, is_available, current_lat, current_lng, location_updated_at)
         VALUES ($1, $2, $3, $4, true, $5, $6, now()) RETURNING id`,
        [userIds[login.email], login.name, `+1-555-01${10 + i}`, `CDL-${100200 + i}`, lat, lng],
      );
      driverIds.push(row.id);
    }

    const dispatcherId = userIds['dispatcher@freight.local'];
    // Set-based: 60 loads over the last 30 days; the two oldest per driver are delivered,
    // one is in transit and one assigned (those two drivers are busy), the rest posted.
    await manager.query(
      `WITH cities(i, name, lat, lng) AS (SELECT * FROM unnest($1::int[], $2::text[], $3::float8[], $4::float8[])),
            drivers AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM unnest($5::uuid[]) AS id),
            gen AS (
              SELECT g,
                     now() - make_interval(mins => (60 - g) * 720) AS created,
                     (g * 7) % $6 AS o, (g * 5 + 3) % $6 AS d
              FROM generate_series(1, 60) AS g)
       INSERT INTO loads (reference, origin_city, origin_lat, origin_lng, destination_city, destination_lat, destination_lng,
                          pickup_window_start, pickup_window_end, delivery_window_start, delivery_window_end,
                          weight_kg, rate_cents, status, driver_id, created_by_id, created_at, updated_at,
                          picked_up_at, delivered_at, cancelled_at)
       SELECT 'FRT-' || to_char(gen.created, 'YYMMDD') || '-' || lpad(gen.g::text, 4, '0'),
              o.name, o.lat, o.lng, d.name, d.lat, d.lng,
              gen.created + interval '1 day', gen.created + interval '1 day 4 hours',
              gen.created + interval '3 days', gen.created + interval '3 days 6 hours',
              5000 + (gen.g * 373) % 18000, 90000 + (gen.g * 7919) % 400000,
              s.status::load_status,
              CASE WHEN s.status IN ('assigned', 'in_transit', 'delivered') THEN dr.id END,
              $7::uuid, gen.created, gen.created,
              CASE WHEN s.status IN ('in_transit', 'delivered') THEN gen.created + interval '1 day 1 hour' END,
              CASE WHEN s.status = 'delivered' THEN gen.created + interval '2 days' + make_interval(hours => gen.g % 40) END,
              CASE WHEN s.status = 'cancelled' THEN gen.created + interval '6 hours' END
       FROM gen
       JOIN cities o ON o.i = gen.o
       JOIN cities d ON d.i = CASE WHEN gen.d = gen.o THEN (gen.d + 1) % $6 ELSE gen.d END
       JOIN drivers dr ON dr.n = gen.g % $8
       CROSS JOIN LATERAL (SELECT CASE
           WHEN gen.g <= 40 AND gen.g % 9 = 0 THEN 'cancelled'
           WHEN gen.g <= 40 THEN 'delivered'
           WHEN gen.g = 41 THEN 'in_transit'
           WHEN gen.g = 42 THEN 'assigned'
           ELSE 'posted' END AS status) s`,
      [
        CITIES.map((_, i) => i),
        CITIES.map((c) => c[0]),
        CITIES.map((c) => c[1]),
        CITIES.map((c) => c[2]),
        driverIds,
        CITIES.length,
        dispatcherId,
        driverIds.length,
      ],
    );
    // Drivers with an active load are busy.
    await manager.query(
      `UPDATE drivers SET is_available = false
       WHERE id IN (SELECT driver_id FROM loads WHERE status IN ('assigned', 'in_transit'))`,
    );
    // A route plan for each in-transit load: origin, a midpoint, destination.
    await manager.query(
      `INSERT INTO route_plans (load_id, stops, distance_km, eta_minutes)
       SELECT id,
              jsonb_build_array(
                jsonb_build_object('lat', origin_lat, 'lng', origin_lng, 'label', origin_city),
                jsonb_build_object('lat', (origin_lat + destination_lat) / 2, 'lng', (origin_lng + destination_lng) / 2, 'label', 'Fuel stop'),
                jsonb_build_object('lat', destination_lat, 'lng', destination_lng, 'label', destination_city)),
              0, 0
       FROM loads WHERE status = 'in_transit'`,
    );
    // Distances are filled by the app's own haversine on first update; compute them here too.
    await manager.query(
      `UPDATE route_plans r SET
         distance_km = round((2 * 6371.0088 * asin(sqrt(
           power(sin(radians(l.destination_lat - l.origin_lat) / 2), 2) +
           cos(radians(l.origin_lat)) * cos(radians(l.destination_lat)) * power(sin(radians(l.destination_lng - l.origin_lng) / 2), 2))))::numeric, 2),
         eta_minutes = 0
       FROM loads l WHERE l.id = r.load_id`,
    );
    await manager.query(`UPDATE route_plans SET eta_minutes = ceil(distance_km / 65.0 * 60)`);
    // Notifications: each driver hears of their assignments, the dispatcher of status changes.
    await manager.query(
      `INSERT INTO notifications (user_id, type, title, message, load_id, read_at, created_at)
       SELECT d.user_id, 'load_assigned'::notification_type, 'New load assigned', 'You have been assigned load ' || l.reference, l.id,
              CASE WHEN l.status = 'delivered' THEN l.delivered_at END, l.created_at + interval '2 hours'
       FROM loads l JOIN drivers d ON d.id = l.driver_id
       UNION ALL
       SELECT l.created_by_id, 'load_status_changed'::notification_type, 'Load ' || l.reference || ' is ' || l.status,
              'Load ' || l.reference || ' moved to ' || l.status, l.id, NULL, l.updated_at + interval '1 hour'
       FROM loads l WHERE l.status IN ('delivered', 'in_transit', 'cancelled')`,
    );
    return true;
  });
}
