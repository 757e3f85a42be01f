import { startTestApp, TestApp } from './helpers/test-app';

interface LoadSpec {
  status: 'posted' | 'assigned' | 'in_transit' | 'delivered' | 'cancelled';
  createdAt: string;
  driver?: 'A' | 'B';
  rateCents?: number;
  pickedUpAt?: string;
  deliveredAt?: string;
  deliveryWindowEnd?: string;
}

/**
 * A controlled dataset in March 2024, long before the demo data (the last 30 days), so every
 * figure for 2024-03-01..2024-03-03 is known. Driver A is driver1, driver B is driver2.
 */
const DATASET: Record<string, LoadSpec> = {
  // Delivered on 03-02 on time, 24 h in transit.
  L1: {
    status: 'delivered',
    createdAt: '2024-03-01T10:00:00Z',
    driver: 'A',
    rateCents: 100000,
    pickedUpAt: '2024-03-01T12:00:00Z',
    deliveredAt: '2024-03-02T12:00:00Z',
    deliveryWindowEnd: '2024-03-02T18:00:00Z',
  },
  // Delivered on 03-03 late, 36 h in transit.
  L2: {
    status: 'delivered',
    createdAt: '2024-03-01T20:00:00Z',
    driver: 'B',
    rateCents: 50000,
    pickedUpAt: '2024-03-02T00:00:00Z',
    deliveredAt: '2024-03-03T12:00:00Z',
    deliveryWindowEnd: '2024-03-03T06:00:00Z',
  },
  L3: { status: 'posted', createdAt: '2024-03-02T08:00:00Z', rateCents: 70000 },
  // The last millisecond of the range.
  L4: { status: 'cancelled', createdAt: '2024-03-03T23:59:59.999Z' },
  // Created before the range, delivered in it (03-01, late, 24 h): revenue and daily delivered, not loadsByStatus.
  L5: {
    status: 'delivered',
    createdAt: '2024-02-28T10:00:00Z',
    driver: 'A',
    rateCents: 30000,
    pickedUpAt: '2024-02-29T05:00:00Z',
    deliveredAt: '2024-03-01T05:00:00Z',
    deliveryWindowEnd: '2024-03-01T00:00:00Z',
  },
  // Created in the range, delivered after it: loadsByStatus only.
  L6: {
    status: 'delivered',
    createdAt: '2024-03-02T10:00:00Z',
    driver: 'A',
    rateCents: 999999,
    pickedUpAt: '2024-03-03T10:00:00Z',
    deliveredAt: '2024-03-04T01:00:00Z',
    deliveryWindowEnd: '2024-03-05T00:00:00Z',
  },
  // Just after the range: nowhere.
  L7: { status: 'posted', createdAt: '2024-03-04T00:00:00Z' },
  // In transit now: driver B is busy.
  L8: { status: 'in_transit', createdAt: '2024-03-02T12:00:00Z', driver: 'B', pickedUpAt: '2024-03-02T15:00:00Z' },
};

const zeros = { posted: 0, assigned: 0, in_transit: 0, delivered: 0, cancelled: 0 };

describe('Analytics (/api/analytics)', () => {
  let t: TestApp;
  let dispatcher: string;
  let driverA: string;
  let driverB: string;

  beforeAll(async () => {
    t = await startTestApp();
    [dispatcher, driverA, driverB] = await Promise.all([
      t.login('dispatcher@freight.local'),
      t.login('driver1@freight.local'),
      t.login('driver2@freight.local'),
    ]);
    const drivers: Array<{ id: string; email: string }> = await t.dataSource.query(
      `SELECT d.id, u.email FROM drivers d JOIN users u ON u.id = d.user_id`,
    );
    const driverIds = {
      A: drivers.find((d) => d.email === 'driver1@freight.local')!.id,
      B: drivers.find((d) => d.email === 'driver2@freight.local')!.id,
    };
    const [creator] = await t.dataSource.query(`SELECT id FROM users WHERE email = 'dispatcher@freight.local'`);
    for (const [name, load] of Object.entries(DATASET)) {
      await t.dataSource.query(
        `INSERT INTO loads (reference, origin_city, origin_lat, origin_lng, destination_city, destination_lat, destination_lng,
                            pickup_window_start, pickup_window_end, delivery_window_start, delivery_window_end,
                            weight_kg, rate_cents, status, driver_id, created_by_id, created_at, updated_at,
                            picked_up_at, delivered_at, cancelled_at)
         VALUES ($1, 'Chicago, IL', 41.88, -87.63, 'Dallas, TX', 32.78, -96.8,
                 $2::timestamptz, $2::timestamptz + interval '4 hours', $2::timestamptz + interval '1 day', $3,
                 10000, $4, $5, $6, $7, $2, $2, $8, $9, $10)`,
        [
          `TEST-ANALYTICS-${name}`,
          load.createdAt,
          load.deliveryWindowEnd ?? '2024-03-10T00:00:00Z',
          load.rateCents ?? 12345,
          load.status,
          load.driver ? driverIds[load.driver] : null,
          creator.id,
          load.pickedUpAt ?? null,
          load.deliveredAt ?? null,
          load.status === 'cancelled' ? load.createdAt : null,
        ],
      );
    }
  });
  afterAll(() => t.close());

  const RANGE = '/api/analytics?from=2024-03-01&to=2024-03-03';

  it('needs a token', async () => {
    expect((await t.request('GET', RANGE)).status).toBe(401);
  });

  it('gives a dispatcher the exact figures over all loads', async () => {
    const [{ busy }] = await t.dataSource.query(
      `SELECT count(DISTINCT driver_id)::int AS busy FROM loads WHERE status IN ('assigned', 'in_transit')`,
    );
    const response = await t.request('GET', RANGE, { token: dispatcher });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      from: '2024-03-01',
      to: '2024-03-03',
      loadsByStatus: { posted: 1, assigned: 0, in_transit: 1, delivered: 3, cancelled: 1 },
      revenueCents: 180000,
      onTimeDeliveryRate: 0.3333,
      averageTransitHours: 28,
      driverUtilisation: { drivers: 4, busyDrivers: busy, rate: busy / 4 },
      daily: [
        { date: '2024-03-01', created: 2, delivered: 1, revenueCents: 30000 },
        { date: '2024-03-02', created: 3, delivered: 1, revenueCents: 100000 },
        { date: '2024-03-03', created: 1, delivered: 1, revenueCents: 50000 },
      ],
    });
    expect(busy).toBeGreaterThanOrEqual(1);
  });

  it('gives an admin the same figures as a dispatcher', async () => {
    const admin = await t.login('admin@freight.local');
    const [asAdmin, asDispatcher] = await Promise.all([t.request('GET', RANGE, { token: admin }), t.request('GET', RANGE, { token: dispatcher })]);
    expect(asAdmin.body).toEqual(asDispatcher.body);
  });

  it('gives a driver only their own loads, days without activity as zeros', async () => {
    const response = await t.request('GET', RANGE, { token: driverA });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      loadsByStatus: { ...zeros, delivered: 2 },
      revenueCents: 130000,
      onTimeDeliveryRate: 0.5,
      averageTransitHours: 24,
      daily: [
        { date: '2024-03-01', created: 1, delivered: 1, revenueCents: 30000 },
        { date: '2024-03-02', created: 1, delivered: 1, revenueCents: 100000 },
        { date: '2024-03-03', created: 0, delivered: 0, revenueCents: 0 },
      ],
    });
    expect(response.body.driverUtilisation.drivers).toBe(1);
  });

  it('gives a busy driver their own utilisation', async () => {
    const response = await t.request('GET', RANGE, { token: driverB });
    expect(response.body).toMatchObject({
      loadsByStatus: { ...zeros, delivered: 1, in_transit: 1 },
      revenueCents: 50000,
      onTimeDeliveryRate: 0,
      averageTransitHours: 36,
      driverUtilisation: { drivers: 1, busyDrivers: 1, rate: 1 },
    });
  });

  it('answers zeros and nulls for a range without loads', async () => {
    const response = await t.request('GET', '/api/analytics?from=2023-01-01&to=2023-01-02', { token: dispatcher });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      loadsByStatus: zeros,
      revenueCents: 0,
      onTimeDeliveryRate: null,
      averageTransitHours: null,
      daily: [
        { date: '2023-01-01', created: 0, delivered: 0, revenueCents: 0 },
        { date: '2023-01-02', created: 0, delivered: 0, revenueCents: 0 },
      ],
    });
  });

  it('defaults to the last 30 UTC days, today included, which hold the demo loads', async () => {
    const response = await t.request('GET', '/api/analytics', { token: dispatcher });
    expect(response.status).toBe(200);
    const today = new Date().toISOString().slice(0, 10);
    expect(response.body.to).toBe(today);
    expect(response.body.daily).toHaveLength(30);
    expect(response.body.daily[0].date).toBe(response.body.from);
    expect(response.body.daily[29].date).toBe(today);
    const created = response.body.daily.reduce((sum: number, day: { created: number }) => sum + day.created, 0);
    const byStatus = Object.values(response.body.loadsByStatus as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(created).toBe(byStatus);
    expect(created).toBeGreaterThan(0);
  });

  it('accepts a full leap year of 366 days', async () => {
    const response = await t.request('GET', '/api/analytics?from=2024-01-01&to=2024-12-31', { token: dispatcher });
    expect(response.status).toBe(200);
    expect(response.body.daily).toHaveLength(366);
    expect(response.body.revenueCents).toBe(180000 + 999999);
  });

  it.each([
    ['from=2024-02-30', 'from'],
    ['from=2024-13-01', 'from'],
    ['from=03/01/2024', 'from'],
    ['from=2024-03-01T00:00:00Z', 'from'],
    ['to=yesterday', 'to'],
    ['to=0000-01-01', 'to'],
    ['from=2024-03-02&to=2024-03-01', 'from'],
    ['from=2024-01-01&to=2025-01-01', 'to'],
    ['from=2024-03-01&from=2024-03-02', 'from'],
    ['days=7', 'days'],
  ])('answers 400 for %s', async (query, field) => {
    const response = await t.request('GET', `/api/analytics?${query}`, { token: dispatcher });
    expect(response.status).toBe(400);
    expect(response.body.details.map((d: { field: string }) => d.field)).toContain(field);
  });
});
