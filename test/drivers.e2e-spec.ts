import { EventEmitter2 } from '@nestjs/event-emitter';
import type { DriverChangedEvent } from '../src/drivers/drivers.events';
import { DemoEmail, startTestApp, TestApp } from './helpers/test-app';
import { waitUntil } from './helpers/wait-until';

const MISSING_ID = '3f0e7c1a-9b2d-4e8f-a6c5-1d2e3f4a5b6c';

describe('Drivers API', () => {
  let t: TestApp;
  let admin: string;
  let dispatcher: string;
  let driver1: string;
  let events: DriverChangedEvent[];

  async function driverIdOf(email: DemoEmail): Promise<string> {
    const [row] = await t.dataSource.query('SELECT d.id FROM drivers d JOIN users u ON u.id = d.user_id WHERE u.email = $1', [email]);
    return row.id;
  }

  async function newDriverUser(email: string, role = 'driver'): Promise<string> {
    const [row] = await t.dataSource.query(
      `INSERT INTO users (email, password_hash, name, role) VALUES ($1, 'scrypt$x', 'New Person', $2) RETURNING id`,
      [email, role],
    );
    return row.id;
  }

  async function busyDriverId(): Promise<string> {
    const [row] = await t.dataSource.query(`SELECT driver_id AS id FROM loads WHERE status = 'assigned' LIMIT 1`);
    return row.id;
  }

  beforeAll(async () => {
    t = await startTestApp();
    [admin, dispatcher, driver1] = await Promise.all([
      t.login('admin@freight.local'),
      t.login('dispatcher@freight.local'),
      t.login('driver1@freight.local'),
    ]);
    t.app.get(EventEmitter2).on('driver.changed', (event: DriverChangedEvent) => events.push(event));
  });
  beforeEach(() => {
    events = [];
  });
  afterAll(() => t.close());

  describe('authentication and roles', () => {
    it('answers 401 without a token', async () => {
      const response = await t.request('GET', '/api/drivers');
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({ statusCode: 401, path: '/api/drivers' });
    });

    it('forbids a driver from creating, editing or deleting drivers', async () => {
      const id = await driverIdOf('driver2@freight.local');
      const create = await t.request('POST', '/api/drivers', {
        token: driver1,
        body: { userId: MISSING_ID, name: 'X', licenseNumber: 'L' },
      });
      expect(create.status).toBe(403);
      expect((await t.request('PATCH', `/api/drivers/${id}`, { token: driver1, body: { name: 'X' } })).status).toBe(403);
      expect((await t.request('DELETE', `/api/drivers/${id}`, { token: driver1 })).status).toBe(403);
    });

    it('keeps deletion to admins', async () => {
      const id = await driverIdOf('driver2@freight.local');
      expect((await t.request('DELETE', `/api/drivers/${id}`, { token: dispatcher })).status).toBe(403);
    });
  });

  describe('GET /api/drivers', () => {
    it('lists the drivers newest first in the documented shape', async () => {
      const response = await t.request('GET', '/api/drivers', { token: driver1 });
      expect(response.status).toBe(200);
      expect(response.body.limit).toBe(20);
      expect(response.body.nextCursor).toBeNull();
      expect(response.body.data).toHaveLength(4);
      const first = response.body.data[0];
      expect(Object.keys(first).sort()).toEqual(
        ['createdAt', 'id', 'isAvailable', 'licenseNumber', 'location', 'name', 'phone', 'updatedAt', 'userId'].sort(),
      );
      expect(first.location).toEqual({ lat: expect.any(Number), lng: expect.any(Number), updatedAt: expect.any(String) });
      expect(new Date(first.createdAt).toISOString()).toBe(first.createdAt);
    });

    it('filters by availability: the seeded drivers on active loads are busy', async () => {
      const busy = await t.request('GET', '/api/drivers?isAvailable=false', { token: dispatcher });
      const free = await t.request('GET', '/api/drivers?isAvailable=true', { token: dispatcher });
      expect(busy.status).toBe(200);
      expect(busy.body.data.length).toBeGreaterThan(0);
      expect(busy.body.data.every((d: { isAvailable: boolean }) => !d.isAvailable)).toBe(true);
      expect(free.body.data.every((d: { isAvailable: boolean }) => d.isAvailable)).toBe(true);
      expect(busy.body.data.length + free.body.data.length).toBe(4);
      expect(busy.body.data.map((d: { id: string }) => d.id)).toContain(await busyDriverId());
    });

    it.each(['yes', '1', 'TRUE', ''])('rejects isAvailable=%p with a 400 naming the field', async (value) => {
      const response = await t.request('GET', `/api/drivers?isAvailable=${value}`, { token: dispatcher });
      expect(response.status).toBe(400);
      expect(response.body.details).toEqual([{ field: 'isAvailable', messages: expect.any(Array) }]);
    });

    it('pages through every driver once with limit and nextCursor', async () => {
      const seen: string[] = [];
      const created: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = cursor ? `?limit=1&cursor=${cursor}` : '?limit=1';
        const page = await t.request('GET', `/api/drivers${query}`, { token: dispatcher });
        expect(page.status).toBe(200);
        expect(page.body.data.length).toBeLessThanOrEqual(1);
        for (const d of page.body.data) {
          seen.push(d.id);
          created.push(d.createdAt);
        }
        cursor = page.body.nextCursor;
      } while (cursor);
      const all = await t.request('GET', '/api/drivers', { token: dispatcher });
      expect(seen).toEqual(all.body.data.map((d: { id: string }) => d.id));
      expect([...created].sort().reverse()).toEqual(created);
    });

    it.each([
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['limit=abc', 'limit'],
      ['limit=2.5', 'limit'],
      ['cursor=not-a-cursor!', 'cursor'],
      [`cursor=${Buffer.from('["yesterday","x"]').toString('base64url')}`, 'cursor'],
      ['sort=name', 'sort'],
    ])('rejects %s with a 400 naming %s', async (query, field) => {
      const response = await t.request('GET', `/api/drivers?${query}`, { token: dispatcher });
      expect(response.status).toBe(400);
      expect(response.body.details.map((d: { field: string }) => d.field)).toContain(field);
    });
  });

  describe('GET /api/drivers/:id', () => {
    it('returns one driver', async () => {
      const id = await driverIdOf('driver1@freight.local');
      const response = await t.request('GET', `/api/drivers/${id}`, { token: driver1 });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ id, name: 'Diego Driver', licenseNumber: expect.stringMatching(/^CDL-/) });
    });

    it('answers 404 for an unknown driver and 400 for a malformed id', async () => {
      expect((await t.request('GET', `/api/drivers/${MISSING_ID}`, { token: driver1 })).status).toBe(404);
      const bad = await t.request('GET', '/api/drivers/123', { token: driver1 });
      expect(bad.status).toBe(400);
      expect(bad.body.details).toEqual([{ field: 'id', messages: ['id must be a UUID'] }]);
    });
  });

  describe('POST /api/drivers', () => {
    it('creates a driver for a driver account, once', async () => {
      const userId = await newDriverUser('new.driver@freight.local');
      const body = { userId, name: '  Nora New  ', phone: '+1-555-0199', licenseNumber: 'CDL-900001' };
      const created = await t.request('POST', '/api/drivers', { token: dispatcher, body });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        userId,
        name: 'Nora New',
        phone: '+1-555-0199',
        licenseNumber: 'CDL-900001',
        isAvailable: true,
        location: null,
      });
      expect(events).toEqual([expect.objectContaining({ driverId: created.body.id, userId })]);

      const fetched = await t.request('GET', `/api/drivers/${created.body.id}`, { token: dispatcher });
      expect(fetched.body).toEqual(created.body);

      const again = await t.request('POST', '/api/drivers', { token: admin, body });
      expect(again.status).toBe(409);
      expect(again.body.message).toMatch(/already linked/);
    });

    it('refuses a user who is not a driver with a clear 409', async () => {
      const userId = await newDriverUser('a.dispatcher@freight.local', 'dispatcher');
      const response = await t.request('POST', '/api/drivers', { token: admin, body: { userId, name: 'X', licenseNumber: 'L-1' } });
      expect(response.status).toBe(409);
      expect(response.body.message).toMatch(/has role dispatcher/);
    });

    it('answers 404 for an unknown user', async () => {
      const response = await t.request('POST', '/api/drivers', { token: admin, body: { userId: MISSING_ID, name: 'X', licenseNumber: 'L-1' } });
      expect(response.status).toBe(404);
      expect(response.body.message).toMatch(/User .* not found/);
    });

    it.each([
      [{ userId: 'nope', name: 'X', licenseNumber: 'L' }, 'userId'],
      [{ userId: MISSING_ID, name: '   ', licenseNumber: 'L' }, 'name'],
      [{ userId: MISSING_ID, name: 'X' }, 'licenseNumber'],
      [{ userId: MISSING_ID, name: 'X', licenseNumber: 'L', phone: 'call me' }, 'phone'],
      [{ userId: MISSING_ID, name: 'X', licenseNumber: 'L', isAvailable: false }, 'isAvailable'],
      [{ userId: MISSING_ID, name: 'x'.repeat(121), licenseNumber: 'L' }, 'name'],
    ])('rejects %j with a 400 naming %s', async (body, field) => {
      const response = await t.request('POST', '/api/drivers', { token: admin, body });
      expect(response.status).toBe(400);
      expect(response.body.details.map((d: { field: string }) => d.field)).toEqual([field]);
    });

    it('answers 400, not 500, to malformed JSON', async () => {
      const response = await t.request('POST', '/api/drivers', { token: admin, rawBody: '{"userId":' });
      expect(response.status).toBe(400);
    });
  });

  describe('PATCH /api/drivers/:id', () => {
    it('updates the given fields and leaves the rest', async () => {
      const id = await driverIdOf('driver3@freight.local');
      const before = await t.request('GET', `/api/drivers/${id}`, { token: dispatcher });
      const response = await t.request('PATCH', `/api/drivers/${id}`, { token: dispatcher, body: { name: 'Dmitri D.', phone: null } });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ name: 'Dmitri D.', phone: null, licenseNumber: before.body.licenseNumber });
      expect(new Date(response.body.updatedAt).getTime()).toBeGreaterThan(new Date(before.body.updatedAt).getTime());
      expect(events).toEqual([expect.objectContaining({ driverId: id, userId: before.body.userId })]);
    });

    it('takes a free driver off duty and back', async () => {
      const free = await t.request('GET', '/api/drivers?isAvailable=true&limit=1', { token: dispatcher });
      const id = free.body.data[0].id;
      const off = await t.request('PATCH', `/api/drivers/${id}`, { token: admin, body: { isAvailable: false } });
      expect(off.status).toBe(200);
      expect(off.body.isAvailable).toBe(false);
      const on = await t.request('PATCH', `/api/drivers/${id}`, { token: admin, body: { isAvailable: true } });
      expect(on.body.isAvailable).toBe(true);
    });

    it('refuses to make a driver with an assigned load available (409) and changes nothing', async () => {
      const id = await busyDriverId();
      const response = await t.request('PATCH', `/api/drivers/${id}`, { token: dispatcher, body: { isAvailable: true, name: 'Renamed' } });
      expect(response.status).toBe(409);
      expect(response.body.message).toMatch(/cannot be made available/);
      const after = await t.request('GET', `/api/drivers/${id}`, { token: dispatcher });
      expect(after.body).toMatchObject({ isAvailable: false });
      expect(after.body.name).not.toBe('Renamed');
      expect(events).toEqual([]);
    });

    it.each([
      [{ name: null }, 'name'],
      [{ licenseNumber: '' }, 'licenseNumber'],
      [{ isAvailable: 'yes' }, 'isAvailable'],
      [{ userId: MISSING_ID }, 'userId'],
    ])('rejects %j with a 400 naming %s', async (body, field) => {
      const id = await driverIdOf('driver3@freight.local');
      const response = await t.request('PATCH', `/api/drivers/${id}`, { token: dispatcher, body });
      expect(response.status).toBe(400);
      expect(response.body.details.map((d: { field: string }) => d.field)).toEqual([field]);
    });

    it('answers 404 for an unknown driver', async () => {
      expect((await t.request('PATCH', `/api/drivers/${MISSING_ID}`, { token: dispatcher, body: { name: 'X' } })).status).toBe(404);
    });
  });

  describe('DELETE /api/drivers/:id', () => {
    it('refuses while loads reference the driver, with a clear 409', async () => {
      const busy = await t.request('DELETE', `/api/drivers/${await busyDriverId()}`, { token: admin });
      expect(busy.status).toBe(409);
      expect(busy.body.message).toMatch(/assigned or in-transit/);

      const [idle] = await t.dataSource.query(
        `SELECT driver_id AS id FROM loads GROUP BY driver_id
         HAVING driver_id IS NOT NULL AND bool_and(status NOT IN ('assigned', 'in_transit'))`,
      );
      const past = await t.request('DELETE', `/api/drivers/${idle.id}`, { token: admin });
      expect(past.status).toBe(409);
      expect(past.body.message).toMatch(/past load/);
    });

    it('deletes a driver without loads: 204, then 404', async () => {
      const userId = await newDriverUser('short.lived@freight.local');
      const created = await t.request('POST', '/api/drivers', { token: admin, body: { userId, name: 'Short Lived', licenseNumber: 'T-1' } });
      events = [];
      const deleted = await t.request('DELETE', `/api/drivers/${created.body.id}`, { token: admin });
      expect(deleted.status).toBe(204);
      expect(deleted.text).toBe('');
      expect(events).toEqual([expect.objectContaining({ driverId: created.body.id, userId })]);
      expect((await t.request('GET', `/api/drivers/${created.body.id}`, { token: admin })).status).toBe(404);
      expect((await t.request('DELETE', `/api/drivers/${created.body.id}`, { token: admin })).status).toBe(404);
    });
  });

  describe('PATCH /api/drivers/:id/location', () => {
    it('lets a driver report their own position', async () => {
      const id = await driverIdOf('driver1@freight.local');
      const response = await t.request('PATCH', `/api/drivers/${id}/location`, { token: driver1, body: { lat: 40.7128, lng: -74.006 } });
      expect(response.status).toBe(200);
      expect(response.body.location).toMatchObject({ lat: 40.7128, lng: -74.006 });
      expect(Date.now() - new Date(response.body.location.updatedAt).getTime()).toBeLessThan(60_000);
      // Telemetry, not a change of the driver record (src/positions).
      expect(events).toEqual([]);
      // The detail shows it once the next flush (POSITION_FLUSH_MS) has written it to PostgreSQL.
      let fetched = await t.request('GET', `/api/drivers/${id}`, { token: dispatcher });
      await waitUntil(async () => {
        fetched = await t.request('GET', `/api/drivers/${id}`, { token: dispatcher });
        return fetched.body.location?.updatedAt === response.body.location.updatedAt;
      });
      expect(fetched.body.location).toEqual(response.body.location);
      expect(fetched.body).toEqual(response.body);
    });

    it('shows the report at once in GET /api/drivers/positions (in-process store), a static route that /:id does not shadow', async () => {
      const id = await driverIdOf('driver1@freight.local');
      await t.request('PATCH', `/api/drivers/${id}/location`, { token: driver1, body: { lat: 12.5, lng: 13.5 } });
      const positions = await t.request('GET', `/api/drivers/positions?driverIds=${id}`, { token: dispatcher });
      expect(positions.status).toBe(200);
      expect(positions.body.data).toEqual([{ driverId: id, lat: 12.5, lng: 13.5, reportedAt: expect.any(String) }]);
      expect((await t.request('GET', '/api/health')).body.info.positions).toMatchObject({ store: 'memory', state: 'up', streams: 0 });
    });

    it('forbids a driver from moving another driver (403), and leaves the position alone', async () => {
      const id = await driverIdOf('driver2@freight.local');
      const before = await t.request('GET', `/api/drivers/${id}`, { token: driver1 });
      const response = await t.request('PATCH', `/api/drivers/${id}/location`, { token: driver1, body: { lat: 1, lng: 1 } });
      expect(response.status).toBe(403);
      const after = await t.request('GET', `/api/drivers/${id}`, { token: driver1 });
      expect(after.body.location).toEqual(before.body.location);
    });

    it('lets a dispatcher set any position, and 404s an unknown driver', async () => {
      const id = await driverIdOf('driver2@freight.local');
      const response = await t.request('PATCH', `/api/drivers/${id}/location`, { token: dispatcher, body: { lat: -33.8688, lng: 151.2093 } });
      expect(response.status).toBe(200);
      expect(response.body.location).toMatchObject({ lat: -33.8688, lng: 151.2093 });
      expect((await t.request('PATCH', `/api/drivers/${MISSING_ID}/location`, { token: dispatcher, body: { lat: 0, lng: 0 } })).status).toBe(404);
    });

    it.each([
      [{ lat: 91, lng: 0 }, ['lat']],
      [{ lat: 0, lng: -180.5 }, ['lng']],
      [{ lat: '45', lng: 0 }, ['lat']],
      [{ lng: 0 }, ['lat']],
      [{ lat: 0, lng: 0, speed: 80 }, ['speed']],
    ])('rejects %j with a 400 naming %j', async (body, fields) => {
      const id = await driverIdOf('driver1@freight.local');
      const response = await t.request('PATCH', `/api/drivers/${id}/location`, { token: driver1, body });
      expect(response.status).toBe(400);
      expect(response.body.details.map((d: { field: string }) => d.field)).toEqual(fields);
    });
  });
});
