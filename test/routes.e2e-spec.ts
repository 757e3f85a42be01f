import { EventEmitter2 } from '@nestjs/event-emitter';
import type { RouteChangedEvent } from '../src/routes/routes.events';
import { startTestApp, TestApp } from './helpers/test-app';

const MISSING_ID = '3f0e7c1a-9b2d-4e8f-a6c5-1d2e3f4a5b6c';
const CHICAGO = { lat: 41.8781, lng: -87.6298, label: 'Chicago, IL' };
const DALLAS = { lat: 32.7767, lng: -96.797, label: 'Dallas, TX' };
const MEMPHIS = { lat: 35.1495, lng: -90.049, label: 'Memphis, TN' };

describe('Routes API', () => {
  let t: TestApp;
  let admin: string;
  let dispatcher: string;
  let driver: string;
  let loadIds: string[];
  let events: RouteChangedEvent[];

  const createRoute = (loadId: string, stops: object[] = [CHICAGO, DALLAS]) =>
    t.request('POST', '/api/routes', { token: dispatcher, body: { loadId, stops } });

  beforeAll(async () => {
    // A known average speed, so the ETA below is exact.
    t = await startTestApp({ AVERAGE_SPEED_KMH: '80' });
    [admin, dispatcher, driver] = await Promise.all([
      t.login('admin@freight.local'),
      t.login('dispatcher@freight.local'),
      t.login('driver1@freight.local'),
    ]);
    const rows: { id: string }[] = await t.dataSource.query(`SELECT id FROM loads WHERE status = 'posted' ORDER BY reference LIMIT 3`);
    loadIds = rows.map((r) => r.id);
    t.app.get(EventEmitter2).on('route.changed', (event: RouteChangedEvent) => events.push(event));
  });
  beforeEach(() => {
    events = [];
  });
  afterAll(() => t.close());

  describe('authentication and roles', () => {
    it('answers 401 without a token', async () => {
      expect((await t.request('GET', '/api/routes')).status).toBe(401);
      expect((await t.request('POST', '/api/routes', { body: { loadId: loadIds[0], stops: [CHICAGO, DALLAS] } })).status).toBe(401);
    });

    it('forbids a driver from creating, changing or deleting a route, but lets them read', async () => {
      const created = await createRoute(loadIds[0]);
      const create = await t.request('POST', '/api/routes', { token: driver, body: { loadId: loadIds[0], stops: [CHICAGO, DALLAS] } });
      expect(create.status).toBe(403);
      expect((await t.request('PATCH', `/api/routes/${created.body.id}`, { token: driver, body: { stops: [DALLAS, CHICAGO] } })).status).toBe(403);
      expect((await t.request('DELETE', `/api/routes/${created.body.id}`, { token: driver })).status).toBe(403);
      expect((await t.request('GET', `/api/routes/${created.body.id}`, { token: driver })).status).toBe(200);
    });
  });

  describe('POST /api/routes', () => {
    it('computes distance and ETA for Chicago -> Dallas (~1295 km great circle)', async () => {
      const response = await createRoute(loadIds[0]);
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({
        loadId: loadIds[0],
        stops: [CHICAGO, DALLAS],
        distanceKm: 1294.96,
        // ceil(1294.96 km / 80 km/h * 60)
        etaMinutes: 972,
      });
      expect(Object.keys(response.body).sort()).toEqual(['createdAt', 'distanceKm', 'etaMinutes', 'id', 'loadId', 'stops', 'updatedAt']);
      expect(events).toEqual([{ routeId: response.body.id, loadId: loadIds[0] }]);
      const fetched = await t.request('GET', `/api/routes/${response.body.id}`, { token: driver });
      expect(fetched.body).toEqual(response.body);
    });

    it('refuses a client-sent distance, and sums the legs through intermediate stops', async () => {
      const forged = await t.request('POST', '/api/routes', {
        token: dispatcher,
        body: { loadId: loadIds[1], stops: [CHICAGO, DALLAS], distanceKm: 1 },
      });
      expect(forged.status).toBe(400);
      expect(forged.body.details.map((d: { field: string }) => d.field)).toEqual(['distanceKm']);

      const direct = await createRoute(loadIds[1], [CHICAGO, DALLAS]);
      const viaMemphis = await createRoute(loadIds[1], [CHICAGO, { lat: MEMPHIS.lat, lng: MEMPHIS.lng }, DALLAS]);
      expect(viaMemphis.status).toBe(201);
      expect(viaMemphis.body.distanceKm).toBeGreaterThan(direct.body.distanceKm);
      expect(viaMemphis.body.stops[1]).toEqual({ lat: MEMPHIS.lat, lng: MEMPHIS.lng });
    });

    it('answers 404 for an unknown load', async () => {
      const response = await createRoute(MISSING_ID);
      expect(response.status).toBe(404);
      expect(response.body.message).toMatch(/Load .* not found/);
    });

    it.each([
      ['one stop', { stops: [CHICAGO] }, ['stops']],
      ['51 stops', { stops: Array.from({ length: 51 }, () => CHICAGO) }, ['stops']],
      ['no stops field', { stops: undefined }, ['stops']],
      ['stops not an array', { stops: 'Chicago' }, ['stops']],
      ['numbers as stops', { stops: [1, 2] }, ['stops.0', 'stops.1']],
      ['null as a stop', { stops: [CHICAGO, null] }, ['stops.1']],
      ['a non-string label', { stops: [CHICAGO, { ...DALLAS, label: 5 }] }, ['stops.1.label']],
      ['a bad latitude', { stops: [CHICAGO, { lat: 95, lng: 0 }] }, ['stops.1.lat']],
      ['a string longitude', { stops: [{ lat: 1, lng: 'east' }, DALLAS] }, ['stops.0.lng']],
      ['an unknown stop field', { stops: [CHICAGO, { ...DALLAS, eta: 3 }] }, ['stops.1.eta']],
      ['an unknown field', { priority: 'high' }, ['priority']],
      ['a bad loadId', { loadId: 'load-1' }, ['loadId']],
    ])('rejects %s with a 400 naming the field', async (_, patch, fields) => {
      const body = { loadId: loadIds[0], stops: [CHICAGO, DALLAS], ...patch };
      const response = await t.request('POST', '/api/routes', { token: admin, body });
      expect(response.status).toBe(400);
      expect(response.body.details.map((d: { field: string }) => d.field)).toEqual(fields);
    });
  });

  describe('GET /api/routes', () => {
    it('filters by loadId', async () => {
      await createRoute(loadIds[2]);
      await createRoute(loadIds[2], [DALLAS, CHICAGO]);
      const response = await t.request('GET', `/api/routes?loadId=${loadIds[2]}`, { token: dispatcher });
      expect(response.status).toBe(200);
      expect(response.body.data).toHaveLength(2);
      expect(response.body.data.every((r: { loadId: string }) => r.loadId === loadIds[2])).toBe(true);
      // Newest first: the Dallas -> Chicago route was created last.
      expect(response.body.data[0].stops[0]).toEqual(DALLAS);
    });

    it('pages through every route once, newest first', async () => {
      const all = await t.request('GET', '/api/routes?limit=100', { token: dispatcher });
      expect(all.body.nextCursor).toBeNull();
      expect(all.body.data.length).toBeGreaterThan(3);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = cursor ? `?limit=2&cursor=${cursor}` : '?limit=2';
        const page = await t.request('GET', `/api/routes${query}`, { token: dispatcher });
        expect(page.status).toBe(200);
        expect(page.body.limit).toBe(2);
        seen.push(...page.body.data.map((r: { id: string }) => r.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(seen).toEqual(all.body.data.map((r: { id: string }) => r.id));
      const created = all.body.data.map((r: { createdAt: string }) => r.createdAt);
      expect([...created].sort().reverse()).toEqual(created);
    });

    it.each([
      ['loadId=123', 'loadId'],
      ['limit=0', 'limit'],
      ['limit=500', 'limit'],
      ['limit=ten', 'limit'],
      ['cursor=Zm9yZ2Vk', 'cursor'],
      [`cursor=${Buffer.from(JSON.stringify(['2026-01-01T00:00:00.000Z', "x' OR 1=1"])).toString('base64url')}`, 'cursor'],
      ['page=2', 'page'],
    ])('rejects %s with a 400 naming %s', async (query, field) => {
      const response = await t.request('GET', `/api/routes?${query}`, { token: dispatcher });
      expect(response.status).toBe(400);
      expect(response.body.details.map((d: { field: string }) => d.field)).toContain(field);
    });
  });

  describe('GET /api/routes/:id', () => {
    it('answers 404 for an unknown route and 400 for a malformed id', async () => {
      expect((await t.request('GET', `/api/routes/${MISSING_ID}`, { token: driver })).status).toBe(404);
      const bad = await t.request('GET', '/api/routes/not-a-uuid', { token: driver });
      expect(bad.status).toBe(400);
      expect(bad.body.details).toEqual([{ field: 'id', messages: ['id must be a UUID'] }]);
    });
  });

  describe('PATCH /api/routes/:id', () => {
    it('replaces the stops and recomputes distance and ETA', async () => {
      const created = await createRoute(loadIds[0]);
      events = [];
      const stops = [CHICAGO, MEMPHIS];
      const response = await t.request('PATCH', `/api/routes/${created.body.id}`, { token: admin, body: { stops } });
      expect(response.status).toBe(200);
      expect(response.body.stops).toEqual(stops);
      expect(response.body.distanceKm).toBeGreaterThan(765);
      expect(response.body.distanceKm).toBeLessThan(790);
      expect(response.body.etaMinutes).toBe(Math.ceil((response.body.distanceKm / 80) * 60));
      expect(response.body.createdAt).toBe(created.body.createdAt);
      expect(events).toEqual([{ routeId: created.body.id, loadId: loadIds[0] }]);
      const fetched = await t.request('GET', `/api/routes/${created.body.id}`, { token: driver });
      expect(fetched.body.distanceKm).toBe(response.body.distanceKm);
    });

    it('validates like create and 404s an unknown route', async () => {
      const created = await createRoute(loadIds[0]);
      const bad = await t.request('PATCH', `/api/routes/${created.body.id}`, { token: admin, body: { stops: [CHICAGO] } });
      expect(bad.status).toBe(400);
      expect(bad.body.details.map((d: { field: string }) => d.field)).toEqual(['stops']);
      const moved = await t.request('PATCH', `/api/routes/${created.body.id}`, {
        token: admin,
        body: { loadId: loadIds[1], stops: [CHICAGO, DALLAS] },
      });
      expect(moved.status).toBe(400);
      expect(moved.body.details.map((d: { field: string }) => d.field)).toEqual(['loadId']);
      expect((await t.request('PATCH', `/api/routes/${MISSING_ID}`, { token: admin, body: { stops: [CHICAGO, DALLAS] } })).status).toBe(404);
    });
  });

  describe('DELETE /api/routes/:id', () => {
    it('deletes: 204, then 404', async () => {
      const created = await createRoute(loadIds[1]);
      events = [];
      const response = await t.request('DELETE', `/api/routes/${created.body.id}`, { token: dispatcher });
      expect(response.status).toBe(204);
      expect(response.text).toBe('');
      expect(events).toEqual([{ routeId: created.body.id, loadId: loadIds[1] }]);
      expect((await t.request('GET', `/api/routes/${created.body.id}`, { token: dispatcher })).status).toBe(404);
      expect((await t.request('DELETE', `/api/routes/${created.body.id}`, { token: dispatcher })).status).toBe(404);
    });

    it('rejects a malformed id with a 400', async () => {
      const response = await t.request('DELETE', '/api/routes/42', { token: admin });
      expect(response.status).toBe(400);
      expect(response.body.details[0].field).toBe('id');
    });
  });
});
