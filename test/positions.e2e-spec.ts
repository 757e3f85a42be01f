import { JwtService } from '@nestjs/jwt';
import { createClient } from 'redis';
import { PositionBuffer } from '../src/positions/position-buffer';
import { PositionFlusher } from '../src/positions/position-flusher';
import { positionKeys } from '../src/positions/position-keys';
import { EventStreamClient, openEventStream, StreamEvent } from './helpers/event-stream';
import { startTestRedis, TestRedis } from './helpers/redis';
import { DemoEmail, startTestApp, TestApp } from './helpers/test-app';
import { waitUntil } from './helpers/wait-until';

interface Position {
  driverId: string;
  lat: number;
  lng: number;
  reportedAt: string;
}

const MAX_STREAMS = 3;
const MISSING_ID = '3f0e7c1a-9b2d-4e8f-a6c5-1d2e3f4a5b6c';

/**
 * Live positions over real HTTP, two app instances (A and B) on one PostgreSQL database and one
 * redis-server. A flushes every 200 ms; B's timer never fires within the test (60 s), so what
 * B buffered reaches PostgreSQL only through an explicit flush or its shutdown.
 */
describe('Live positions (Redis, two instances)', () => {
  let redis: TestRedis;
  let a: TestApp;
  let b: TestApp;
  let admin: string;
  let dispatcher: string;
  let driver1: string;
  const streams: EventStreamClient[] = [];

  async function driverIdOf(email: DemoEmail): Promise<string> {
    const [row] = await a.dataSource.query('SELECT d.id FROM drivers d JOIN users u ON u.id = d.user_id WHERE u.email = $1', [email]);
    return row.id;
  }

  async function open(app: TestApp, token?: string, query = ''): Promise<EventStreamClient> {
    const stream = await openEventStream(`${app.baseUrl}/api/drivers/positions/stream${query}`, token);
    streams.push(stream);
    return stream;
  }

  async function health(app: TestApp): Promise<{ streams: number; state: string; buffered: number; flushes: number }> {
    return (await app.request('GET', '/api/health')).body.info.positions;
  }

  async function report(app: TestApp, driverId: string, lat: number, lng: number, token = dispatcher) {
    const response = await app.request('PATCH', `/api/drivers/${driverId}/location`, { token, body: { lat, lng } });
    expect(response.status).toBe(200);
    return response;
  }

  async function rowOf(driverId: string): Promise<{ lat: number | null; lng: number | null; at: Date | null }> {
    const [row] = await a.dataSource.query('SELECT current_lat AS lat, current_lng AS lng, location_updated_at AS at FROM drivers WHERE id = $1', [
      driverId,
    ]);
    return row;
  }

  const isPositionOf = (driverId: string, lat: number) => (e: StreamEvent) =>
    e.event === 'position' && (e.data as Position).driverId === driverId && (e.data as Position).lat === lat;

  beforeAll(async () => {
    redis = await startTestRedis();
    const env = { REDIS_URL: redis.url, POSITION_STREAM_HEARTBEAT_MS: '200', POSITION_STREAM_MAX_CLIENTS: String(MAX_STREAMS) };
    a = await startTestApp({ ...env, POSITION_FLUSH_MS: '200' });
    b = await startTestApp({ ...env, POSITION_FLUSH_MS: '60000' }, { databaseUrl: a.databaseUrl, seed: false });
    [admin, dispatcher, driver1] = await Promise.all([
      a.login('admin@freight.local'),
      a.login('dispatcher@freight.local'),
      a.login('driver1@freight.local'),
    ]);
  }, 120_000);

  afterEach(async () => {
    for (const stream of streams.splice(0)) stream.close();
    await waitUntil(async () => (await health(a)).streams === 0, 15_000, 'streams on A closed');
  });

  afterAll(async () => {
    await b?.close().catch(() => undefined);
    await a?.close();
    await redis?.stop();
  });

  it('leaves drivers lists, the profile and analytics cached after a report, and moves only the detail once flushed', async () => {
    const id = await driverIdOf('driver1@freight.local');
    const cached = ['/api/drivers', '/api/drivers?isAvailable=true', '/api/drivers?isAvailable=false', '/api/profile', '/api/analytics'];
    for (const path of cached) await a.request('GET', path, { token: driver1 });
    for (const path of cached) expect([path, (await a.request('GET', path, { token: driver1 })).headers.get('x-cache')]).toEqual([path, 'HIT']);
    const detail = await a.request('GET', `/api/drivers/${id}`, { token: driver1 });
    expect((await a.request('GET', `/api/drivers/${id}`, { token: driver1 })).headers.get('x-cache')).toBe('HIT');

    const reported = await report(a, id, 41.5, -87.5, driver1);
    const flushes = (await health(a)).flushes;
    await waitUntil(async () => (await rowOf(id)).lat === 41.5, 15_000, 'position in PostgreSQL');
    await waitUntil(async () => (await health(a)).flushes > flushes, 15_000, 'the flush counted');

    for (const path of cached) expect([path, (await a.request('GET', path, { token: driver1 })).headers.get('x-cache')]).toEqual([path, 'HIT']);
    const after = await a.request('GET', `/api/drivers/${id}`, { token: driver1 });
    expect(after.headers.get('x-cache')).toBe('MISS');
    expect(after.body).toEqual({ ...detail.body, location: reported.body.location });
  });

  it('costs no write per report: many reports for many drivers are one transaction at the flush', async () => {
    // 30 more drivers, so the batch is wide.
    const ids: string[] = (
      await a.dataSource.query(`
        WITH u AS (
          INSERT INTO users (email, password_hash, name, role)
          SELECT 'fleet-' || n || '@freight.local', 'x', 'Fleet ' || n, 'driver' FROM generate_series(1, 30) n RETURNING id, name)
        INSERT INTO drivers (user_id, name, license_number) SELECT id, name, 'F-' || name FROM u RETURNING id`)
    ).map((row: { id: string }) => row.id);
    const flusher = b.app.get(PositionFlusher);
    await flusher.flush();
    const before = flusher.flushCount;

    for (let round = 1; round <= 2; round++) {
      await Promise.all(ids.map((id, i) => report(b, id, round, i)));
    }
    // Nothing written per report: the rows still have no position.
    expect(
      (await a.dataSource.query(`SELECT count(*)::int AS n FROM drivers WHERE id = ANY($1) AND location_updated_at IS NOT NULL`, [ids]))[0].n,
    ).toBe(0);
    expect(b.app.get(PositionBuffer).size).toBe(30);

    expect(await flusher.flush()).toBe(30);
    expect(flusher.flushCount - before).toBe(1);
    const rows = await a.dataSource.query(`SELECT current_lat AS lat FROM drivers WHERE id = ANY($1)`, [ids]);
    expect(rows.map((r: { lat: number }) => r.lat)).toEqual(ids.map(() => 2));
    // An older batch never overwrites a newer position.
    expect(await flusher.flush()).toBe(0);
  });

  it('answers the latest positions: every driver for dispatch, only their own for a driver', async () => {
    const own = await driverIdOf('driver1@freight.local');
    const other = await driverIdOf('driver2@freight.local');
    await report(a, own, 10, 10);
    await report(b, own, 11, 11);
    await report(a, other, 12, 12);

    const all = await a.request('GET', '/api/drivers/positions', { token: dispatcher });
    expect(all.status).toBe(200);
    expect(all.headers.get('cache-control')).toBe('no-store');
    expect(all.headers.get('x-cache')).toBeNull();
    expect(all.body.data).toEqual(expect.arrayContaining([expect.objectContaining({ driverId: own, lat: 11, lng: 11 })]));
    // Seeded from PostgreSQL: every driver with a persisted position is there before reporting.
    const persisted = await a.dataSource.query('SELECT count(*)::int AS n FROM drivers WHERE location_updated_at IS NOT NULL');
    expect(all.body.data.length).toBeGreaterThanOrEqual(persisted[0].n);

    const filtered = await b.request('GET', `/api/drivers/positions?driverIds=${own},${other}`, { token: admin });
    expect(filtered.body.data.map((p: Position) => [p.driverId, p.lat])).toEqual(
      [
        [own, 11],
        [other, 12],
      ].sort((x, y) => (x[0] < y[0] ? -1 : 1)),
    );

    const mine = await a.request('GET', '/api/drivers/positions', { token: driver1 });
    expect(mine.body.data).toEqual([expect.objectContaining({ driverId: own, lat: 11 })]);
    expect((await a.request('GET', `/api/drivers/positions?driverIds=${other}`, { token: driver1 })).body.data).toEqual([]);
    expect((await a.request('GET', '/api/drivers/positions')).status).toBe(401);
    expect((await a.request('GET', '/api/drivers/positions?driverIds=nope', { token: admin })).status).toBe(400);
  });

  it('keeps the PATCH contract: 403 for another driver, 404 for an unknown one', async () => {
    const other = await driverIdOf('driver2@freight.local');
    expect((await a.request('PATCH', `/api/drivers/${other}/location`, { token: driver1, body: { lat: 1, lng: 1 } })).status).toBe(403);
    expect((await a.request('PATCH', `/api/drivers/${MISSING_ID}/location`, { token: admin, body: { lat: 1, lng: 1 } })).status).toBe(404);
  });

  it('streams a snapshot, then each report, with heartbeats', async () => {
    const id = await driverIdOf('driver2@freight.local');
    const stream = await open(a, dispatcher);
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(stream.headers.get('x-request-id')).toBeTruthy();
    const snapshot = await stream.waitFor((e) => e.event === 'snapshot', 'snapshot');
    expect((snapshot.data as { positions: Position[] }).positions.length).toBeGreaterThan(0);

    await report(a, id, 33.3, 44.4);
    const event = await stream.waitFor(isPositionOf(id, 33.3), 'the report');
    expect(event.data).toEqual({ driverId: id, lat: 33.3, lng: 44.4, reportedAt: expect.any(String) });
    await waitUntil(() => stream.comments.includes('heartbeat'), 15_000, 'a heartbeat');
  });

  it('shows a driver only their own positions, and refuses a stream without a token', async () => {
    const own = await driverIdOf('driver1@freight.local');
    const other = await driverIdOf('driver2@freight.local');
    const stream = await open(a, driver1);
    const snapshot = await stream.waitFor((e) => e.event === 'snapshot', 'snapshot');
    expect((snapshot.data as { positions: Position[] }).positions.every((p) => p.driverId === own)).toBe(true);

    await report(a, other, 20, 20);
    await report(a, own, 21, 21);
    await stream.waitFor(isPositionOf(own, 21), 'own report');
    expect(stream.events.filter((e) => e.event === 'position').map((e) => (e.data as Position).driverId)).toEqual([own]);

    const anonymous = await openEventStream(`${a.baseUrl}/api/drivers/positions/stream`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toMatchObject({ statusCode: 401 });
  });

  it('carries a report made on instance B to a stream on instance A, and back', async () => {
    const id = await driverIdOf('driver3@freight.local');
    const onA = await open(a, dispatcher);
    const onB = await openEventStream(`${b.baseUrl}/api/drivers/positions/stream`, dispatcher);
    streams.push(onB);
    await onA.waitFor((e) => e.event === 'snapshot');
    await onB.waitFor((e) => e.event === 'snapshot');
    await report(b, id, 55.5, 5);
    await onA.waitFor(isPositionOf(id, 55.5), 'B’s report on A');
    await report(a, id, 56.5, 5);
    await onB.waitFor(isPositionOf(id, 56.5), 'A’s report on B');
    onB.close();
    await waitUntil(async () => (await health(b)).streams === 0, 15_000, 'B’s stream closed');
  });

  it('cleans up a client that leaves, and refuses streams beyond the maximum with 503 and Retry-After', async () => {
    const opened = [];
    for (let i = 0; i < MAX_STREAMS; i++) opened.push(await open(a, dispatcher));
    await waitUntil(async () => (await health(a)).streams === MAX_STREAMS, 15_000, 'streams counted');
    const metrics = await a.request('GET', '/metrics');
    expect(metrics.text).toMatch(new RegExp(`^position_stream_clients ${MAX_STREAMS}$`, 'm'));

    const refused = await openEventStream(`${a.baseUrl}/api/drivers/positions/stream`, dispatcher);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(refused.body).toMatchObject({ statusCode: 503 });

    opened[0].close();
    await waitUntil(async () => (await health(a)).streams === MAX_STREAMS - 1, 15_000, 'the left client removed');
    const again = await open(a, dispatcher);
    expect(again.status).toBe(200);
    for (const stream of opened) stream.close();
    again.close();
    await waitUntil(async () => (await health(a)).streams === 0, 15_000, 'every client removed');
    expect((await a.request('GET', '/metrics')).text).toMatch(/^position_stream_clients 0$/m);
  });

  it('ends the stream when the token expires', async () => {
    const [user] = await a.dataSource.query(
      `SELECT u.id, u.email, u.role, u.token_version AS ver, d.id AS "driverId" FROM users u LEFT JOIN drivers d ON d.user_id = u.id WHERE u.email = 'dispatcher@freight.local'`,
    );
    const token = await a.app
      .get(JwtService)
      .signAsync({ sub: user.id, email: user.email, role: user.role, driverId: user.driverId, ver: user.ver }, { expiresIn: 2 });
    const stream = await open(a, token);
    expect(stream.status).toBe(200);
    const end = await stream.waitFor((e) => e.event === 'end', 'the end event');
    expect(end.data).toEqual({ reason: 'token-expired' });
    await stream.ended;
  });

  it('ends the stream within a heartbeat once the token is revoked (password change)', async () => {
    const token = await a.login('driver4@freight.local');
    const stream = await open(a, token);
    expect(stream.status).toBe(200);
    await stream.waitFor((e) => e.event === 'snapshot', 'the snapshot');
    const change = await a.request('PATCH', '/api/profile', { token, body: { currentPassword: 'driver123', newPassword: 'revoked-by-this-change' } });
    expect(change.status).toBe(200);
    const end = await stream.waitFor((e) => e.event === 'end', 'the end event');
    expect(end.data).toEqual({ reason: 'token-revoked' });
    await stream.ended;
  });

  it('writes what B buffered to PostgreSQL when B closes, and ends its streams', async () => {
    const id = await driverIdOf('driver3@freight.local');
    // A client that left before: app.close() once waited for the keep-alive timeout (72 s,
    // beyond this test's timeout) after one, as Node lost track of idle sockets.
    const left = await openEventStream(`${b.baseUrl}/api/drivers/positions/stream`, dispatcher);
    await left.waitFor((e) => e.event === 'snapshot');
    left.close();
    await waitUntil(async () => (await health(b)).streams === 0, 15_000, 'the left client removed on B');
    const onB = await openEventStream(`${b.baseUrl}/api/drivers/positions/stream`, dispatcher);
    await onB.waitFor((e) => e.event === 'snapshot');
    await report(b, id, 77.7, 7);
    expect((await rowOf(id)).lat).not.toBe(77.7);
    await b.close();
    expect(onB.isEnded()).toBe(true);
    expect(await rowOf(id)).toMatchObject({ lat: 77.7, lng: 7 });
  });

  it('accepts reports while Redis is down, persists them, and shares them again once it is back', async () => {
    const id = await driverIdOf('driver2@freight.local');
    await redis.kill();
    const accepted = await report(a, id, 66.6, 6);
    expect(accepted.body.location).toMatchObject({ lat: 66.6, lng: 6 });
    expect((await a.request('GET', `/api/drivers/positions?driverIds=${id}`, { token: dispatcher })).body.data).toEqual([
      expect.objectContaining({ lat: 66.6 }),
    ]);
    await waitUntil(async () => (await health(a)).state === 'degraded', 15_000, 'degraded in health');
    await waitUntil(async () => (await rowOf(id)).lat === 66.6, 15_000, 'position in PostgreSQL without Redis');

    await redis.restart();
    // The next call after the circuit's open time probes Redis and merges this instance's positions back.
    await waitUntil(
      async () => {
        await a.request('GET', '/api/drivers/positions', { token: dispatcher });
        return (await health(a)).state === 'up';
      },
      30_000,
      'positions back on Redis',
    );
    const client = createClient({ url: redis.url });
    await client.connect();
    try {
      const stored = await client.hGet(positionKeys('freight').latest, id);
      expect(JSON.parse(stored ?? 'null')).toMatchObject({ lat: 66.6, lng: 6 });
    } finally {
      await client.close();
    }
  });
});
