import { randomUUID } from 'node:crypto';
import type { TestApp } from './helpers/test-app';

const HOUR = 3_600_000;

/** A valid create body; windows start tomorrow so they are plausible whatever the date. */
export function newLoadBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const base = Date.UTC(2026, 11, 1, 8);
  return {
    origin: { city: 'Chicago, IL', lat: 41.8781, lng: -87.6298 },
    destination: { city: 'Dallas, TX', lat: 32.7767, lng: -96.797 },
    pickupWindow: { start: new Date(base).toISOString(), end: new Date(base + 4 * HOUR).toISOString() },
    deliveryWindow: { start: new Date(base + 30 * HOUR).toISOString(), end: new Date(base + 36 * HOUR).toISOString() },
    weightKg: 18000,
    rateCents: 245000,
    ...overrides,
  };
}

/** A driver of its own (with a user), available unless told otherwise: tests do not share drivers. */
export async function insertDriver(t: TestApp, available = true): Promise<{ driverId: string; userId: string }> {
  const [user] = await t.dataSource.query(
    `INSERT INTO users (email, password_hash, name, role) VALUES ($1, 'x', 'Test Driver', 'driver') RETURNING id`,
    [`driver-${randomUUID()}@test.local`],
  );
  const [driver] = await t.dataSource.query(
    `INSERT INTO drivers (user_id, name, license_number, is_available) VALUES ($1, 'Test Driver', $2, $3) RETURNING id`,
    [user.id, `CDL-${randomUUID().slice(0, 8)}`, available],
  );
  return { driverId: driver.id, userId: user.id };
}

export async function driverAvailable(t: TestApp, driverId: string): Promise<boolean> {
  const [row] = await t.dataSource.query('SELECT is_available FROM drivers WHERE id = $1', [driverId]);
  return row.is_available;
}

/** The demo driver behind a demo login, made available and free of active loads. */
export async function demoDriver(t: TestApp, email: string): Promise<string> {
  const [row] = await t.dataSource.query('SELECT d.id FROM drivers d JOIN users u ON u.id = d.user_id WHERE u.email = $1', [email]);
  await t.dataSource.query(
    `UPDATE loads SET status = 'delivered', delivered_at = now() WHERE driver_id = $1 AND status IN ('assigned', 'in_transit')`,
    [row.id],
  );
  await t.dataSource.query('UPDATE drivers SET is_available = true WHERE id = $1', [row.id]);
  return row.id;
}
