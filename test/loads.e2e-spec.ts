import { startTestApp, TestApp } from './helpers/test-app';
import { insertDriver, newLoadBody } from './loads-fixtures';

interface LoadBody {
  id: string;
  reference: string;
  status: string;
  driverId: string | null;
  createdById: string;
  createdAt: string;
  updatedAt: string;
  weightKg: number;
  origin: { city: string; lat: number; lng: number };
}

/** What an error response adds; a create answers either shape. */
interface ErrorBody {
  message: string;
  details: Array<{ field: string; messages: string[] }>;
}

describe('Loads: CRUD, roles and list (/api/loads and /api/shipments)', () => {
  let t: TestApp;
  let dispatcher: string;
  let admin: string;
  let driver: string;

  beforeAll(async () => {
    t = await startTestApp();
    [dispatcher, admin, driver] = await Promise.all([
      t.login('dispatcher@freight.local'),
      t.login('admin@freight.local'),
      t.login('driver1@freight.local'),
    ]);
  });
  afterAll(() => t.close());

  const create = (body: Record<string, unknown> = newLoadBody(), token = dispatcher, path = '/api/loads') =>
    t.request<LoadBody & ErrorBody>('POST', path, { token, body });

  const fieldsOf = (body: { details?: Array<{ field: string }> }) => (body.details ?? []).map((d) => d.field);

  describe('authentication and roles', () => {
    it('answers 401 without a token on every route', async () => {
      const id = '00000000-0000-4000-8000-000000000000';
      const calls: Array<[string, string]> = [
        ['GET', '/api/loads'],
        ['GET', '/api/shipments'],
        ['GET', `/api/loads/${id}`],
        ['POST', '/api/loads'],
        ['PATCH', `/api/loads/${id}`],
        ['DELETE', `/api/shipments/${id}`],
        ['POST', `/api/loads/${id}/assign`],
        ['POST', `/api/loads/${id}/pickup`],
      ];
      for (const [method, path] of calls) {
        const response = await t.request(method, path, { body: method === 'GET' || method === 'DELETE' ? undefined : {} });
        expect([method, path, response.status]).toEqual([method, path, 401]);
        expect(response.body.message).toMatch(/token/i);
      }
    });

    it('lets a driver read loads but not create, edit or delete them (403)', async () => {
      const { body: load } = await create();
      expect((await t.request('GET', '/api/loads', { token: driver })).status).toBe(200);
      expect((await t.request('GET', `/api/shipments/${load.id}`, { token: driver })).status).toBe(200);

      const attempts = [
        await create(newLoadBody(), driver),
        await create(newLoadBody(), driver, '/api/shipments'),
        await t.request('PATCH', `/api/loads/${load.id}`, { token: driver, body: { weightKg: 10 } }),
        await t.request('DELETE', `/api/loads/${load.id}`, { token: driver }),
      ];
      for (const response of attempts) {
        expect(response.status).toBe(403);
        expect(response.body.message).toContain('admin, dispatcher');
      }
      expect((await t.request('GET', `/api/loads/${load.id}`, { token: dispatcher })).body.weightKg).toBe(18000);
    });
  });

  describe('create and read', () => {
    it('posts a load with a generated reference, readable at both paths', async () => {
      const created = await create();
      expect(created.status).toBe(201);
      const [{ id: dispatcherId }] = await t.dataSource.query(`SELECT id FROM users WHERE email = 'dispatcher@freight.local'`);
      expect(created.body).toMatchObject({
        reference: expect.stringMatching(/^FRT-\d{6}-[0-9A-Z]{6}$/),
        status: 'posted',
        driverId: null,
        createdById: dispatcherId,
        origin: { city: 'Chicago, IL', lat: 41.8781, lng: -87.6298 },
        destination: { city: 'Dallas, TX', lat: 32.7767, lng: -96.797 },
        pickupWindow: { start: '2026-12-01T08:00:00.000Z', end: '2026-12-01T12:00:00.000Z' },
        deliveryWindow: { start: '2026-12-02T14:00:00.000Z', end: '2026-12-02T20:00:00.000Z' },
        weightKg: 18000,
        rateCents: 245000,
        pickedUpAt: null,
        deliveredAt: null,
        cancelledAt: null,
      });
      expect(new Date(created.body.createdAt).toISOString()).toBe(created.body.createdAt);

      const viaLoads = await t.request('GET', `/api/loads/${created.body.id}`, { token: driver });
      const viaShipments = await t.request('GET', `/api/shipments/${created.body.id}`, { token: admin });
      expect(viaLoads.status).toBe(200);
      expect(viaLoads.body).toEqual(created.body);
      expect(viaShipments.body).toEqual(created.body);
    });

    it('keeps a given reference and refuses it a second time with 409', async () => {
      const first = await create(newLoadBody({ reference: 'CUST-0001' }), admin, '/api/shipments');
      expect(first.status).toBe(201);
      expect(first.body.reference).toBe('CUST-0001');
      const again = await create(newLoadBody({ reference: 'CUST-0001' }));
      expect(again.status).toBe(409);
      expect(again.body.message).toBe('A load with reference CUST-0001 already exists');
    });

    it('gives every created load a distinct generated reference', async () => {
      const created = await Promise.all(Array.from({ length: 10 }, () => create()));
      expect(created.map((r) => r.status)).toEqual(Array(10).fill(201));
      expect(new Set(created.map((r) => r.body.reference)).size).toBe(10);
    });

    it.each<[string, Record<string, unknown>, string]>([
      ['latitude above 90', { origin: { city: 'X', lat: 90.5, lng: 0 } }, 'origin.lat'],
      ['longitude below -180', { destination: { city: 'X', lat: 0, lng: -180.1 } }, 'destination.lng'],
      ['an empty city', { origin: { city: '   ', lat: 1, lng: 1 } }, 'origin.city'],
      ['a 121-character city', { origin: { city: 'x'.repeat(121), lat: 1, lng: 1 } }, 'origin.city'],
      ['a missing origin', { origin: undefined }, 'origin'],
      ['an origin given as a list', { origin: [{ city: 'X', lat: 1, lng: 1 }] }, 'origin'],
      ['an origin given as text', { origin: 'Chicago' }, 'origin'],
      ['an unknown location field', { origin: { city: 'X', lat: 1, lng: 1, zip: '60601' } }, 'origin.zip'],
      ['weight 0', { weightKg: 0 }, 'weightKg'],
      ['weight above 100000', { weightKg: 100_001 }, 'weightKg'],
      ['a fractional weight', { weightKg: 1.5 }, 'weightKg'],
      ['a weight as text', { weightKg: '100' }, 'weightKg'],
      ['a negative rate', { rateCents: -1 }, 'rateCents'],
      ['a rate above 100,000,000', { rateCents: 100_000_001 }, 'rateCents'],
      ['a null reference', { reference: null }, 'reference'],
      ['a reference with spaces', { reference: 'A B' }, 'reference'],
      ['a date without timezone', { pickupWindow: { start: '2026-12-01T08:00:00', end: '2026-12-01T12:00:00Z' } }, 'pickupWindow.start'],
      ['an impossible date', { pickupWindow: { start: '2026-02-30T08:00:00Z', end: '2026-12-01T12:00:00Z' } }, 'pickupWindow.start'],
      ['a status (set by the lifecycle only)', { status: 'delivered' }, 'status'],
      ['a driver (set by assign only)', { driverId: '00000000-0000-4000-8000-000000000000' }, 'driverId'],
    ])('refuses %s with 400 naming the field', async (_, overrides, field) => {
      const response = await create(newLoadBody(overrides));
      expect(response.status).toBe(400);
      expect(fieldsOf(response.body)).toContain(field);
    });

    it.each<[string, Record<string, unknown>, string]>([
      [
        'a pickup window that ends before it starts',
        { pickupWindow: { start: '2026-12-01T12:00:00Z', end: '2026-12-01T08:00:00Z' } },
        'pickupWindow.end must be after pickupWindow.start',
      ],
      [
        'an empty delivery window',
        { deliveryWindow: { start: '2026-12-02T12:00:00Z', end: '2026-12-02T12:00:00Z' } },
        'deliveryWindow.end must be after deliveryWindow.start',
      ],
      [
        'a delivery that ends before pickup starts',
        { deliveryWindow: { start: '2026-11-29T12:00:00Z', end: '2026-11-30T12:00:00Z' } },
        'deliveryWindow.end must be after pickupWindow.start',
      ],
    ])('refuses %s with 400', async (_, overrides, message) => {
      const response = await create(newLoadBody(overrides));
      expect(response.status).toBe(400);
      expect(response.body.details.flatMap((d: { messages: string[] }) => d.messages)).toContain(message);
    });

    it('accepts windows given with an offset and returns them in UTC', async () => {
      const response = await create(newLoadBody({ pickupWindow: { start: '2026-12-01T08:00:00-05:00', end: '2026-12-01T12:00:00-05:00' } }));
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ pickupWindow: { start: '2026-12-01T13:00:00.000Z', end: '2026-12-01T17:00:00.000Z' } });
    });

    it('refuses malformed JSON with 400', async () => {
      const response = await t.request('POST', '/api/loads', { token: dispatcher, rawBody: '{"weightKg": ' });
      expect(response.status).toBe(400);
    });

    it('answers 404 for an unknown id and 400 naming id for a malformed one', async () => {
      const missing = await t.request('GET', '/api/loads/3b0c6a0e-8b6e-4c1e-9c57-1f2a3b4c5d6e', { token: dispatcher });
      expect(missing.status).toBe(404);
      expect(missing.body.message).toContain('not found');
      for (const bad of ['abc', '123', "1' OR '1'='1"]) {
        const response = await t.request('GET', `/api/shipments/${encodeURIComponent(bad)}`, { token: dispatcher });
        expect(response.status).toBe(400);
        expect(response.body.details).toEqual([{ field: 'id', messages: ['id must be a UUID'] }]);
      }
    });
  });

  describe('update and delete', () => {
    it('edits a posted load through either path, and the change shows on the next read', async () => {
      const { body: load } = await create();
      expect((await t.request('GET', `/api/loads/${load.id}`, { token: dispatcher })).body.weightKg).toBe(18000);

      const patched = await t.request('PATCH', `/api/shipments/${load.id}`, {
        token: admin,
        body: { weightKg: 900, reference: `EDIT-${load.id.slice(0, 8)}`, origin: { city: 'Denver, CO', lat: 39.7392, lng: -104.9903 } },
      });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({
        weightKg: 900,
        reference: `EDIT-${load.id.slice(0, 8)}`,
        origin: { city: 'Denver, CO' },
        status: 'posted',
      });
      expect(patched.body.rateCents).toBe(245000);
      expect(Date.parse(patched.body.updatedAt)).toBeGreaterThan(Date.parse(load.updatedAt));

      const reread = await t.request('GET', `/api/loads/${load.id}`, { token: dispatcher });
      expect(reread.body).toEqual(patched.body);
    });

    it('checks a changed window against the stored other window', async () => {
      const { body: load } = await create();
      // Pickup starts 2026-12-01T08:00Z; a delivery window ending before that is inconsistent.
      const response = await t.request('PATCH', `/api/loads/${load.id}`, {
        token: dispatcher,
        body: { deliveryWindow: { start: '2026-11-30T01:00:00Z', end: '2026-11-30T05:00:00Z' } },
      });
      expect(response.status).toBe(400);
      expect(response.body.details).toEqual([{ field: 'deliveryWindow.end', messages: ['deliveryWindow.end must be after pickupWindow.start'] }]);
      const moved = await t.request('PATCH', `/api/loads/${load.id}`, {
        token: dispatcher,
        body: {
          pickupWindow: { start: '2026-11-29T08:00:00Z', end: '2026-11-29T12:00:00Z' },
          deliveryWindow: { start: '2026-11-30T01:00:00Z', end: '2026-11-30T05:00:00Z' },
        },
      });
      expect(moved.status).toBe(200);
      expect(moved.body.deliveryWindow).toEqual({ start: '2026-11-30T01:00:00.000Z', end: '2026-11-30T05:00:00.000Z' });
    });

    it('refuses an empty update, nulls, lifecycle fields and a taken reference', async () => {
      const { body: load } = await create();
      await create(newLoadBody({ reference: 'TAKEN-1' }));
      const cases: Array<[Record<string, unknown>, number, string?]> = [
        [{}, 400, 'body'],
        [{ weightKg: null }, 400, 'weightKg'],
        [{ origin: null }, 400, 'origin'],
        [{ status: 'delivered' }, 400, 'status'],
        [{ driverId: '00000000-0000-4000-8000-000000000000' }, 400, 'driverId'],
        [{ origin: { city: 'X', lat: 1 } }, 400, 'origin.lng'],
        [{ reference: 'TAKEN-1' }, 409],
      ];
      for (const [body, status, field] of cases) {
        const response = await t.request('PATCH', `/api/loads/${load.id}`, { token: dispatcher, body });
        expect([body, response.status]).toEqual([body, status]);
        if (field) expect(fieldsOf(response.body)).toContain(field);
      }
      expect((await t.request('GET', `/api/loads/${load.id}`, { token: dispatcher })).body).toMatchObject({
        weightKg: 18000,
        reference: load.reference,
      });
    });

    it('answers 404 when editing or deleting a missing load', async () => {
      const id = '3b0c6a0e-8b6e-4c1e-9c57-1f2a3b4c5d6e';
      expect((await t.request('PATCH', `/api/loads/${id}`, { token: dispatcher, body: { weightKg: 5 } })).status).toBe(404);
      expect((await t.request('DELETE', `/api/loads/${id}`, { token: dispatcher })).status).toBe(404);
    });

    it('deletes a posted load with 204; it is gone from detail and list', async () => {
      const { body: load } = await create();
      expect((await t.request('GET', `/api/loads/${load.id}`, { token: dispatcher })).status).toBe(200);
      const deleted = await t.request('DELETE', `/api/shipments/${load.id}`, { token: admin });
      expect(deleted.status).toBe(204);
      expect(deleted.text).toBe('');
      expect((await t.request('GET', `/api/loads/${load.id}`, { token: dispatcher })).status).toBe(404);
      expect((await t.request('GET', `/api/shipments/${load.id}`, { token: dispatcher })).status).toBe(404);
      const list = await t.request('GET', '/api/loads?limit=100', { token: dispatcher });
      expect(list.body.data.map((l: LoadBody) => l.id)).not.toContain(load.id);
      expect((await t.request('DELETE', `/api/loads/${load.id}`, { token: admin })).status).toBe(404);
    });
  });

  describe('list', () => {
    const list = (query: string, token = dispatcher, path = '/api/loads') => t.request('GET', `${path}${query}`, { token });

    /** Follows nextCursor to the end and returns the ids in the order served. */
    async function walk(query: string): Promise<string[]> {
      const ids: string[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < 100; page++) {
        const response = await list(`${query}${cursor ? `&cursor=${cursor}` : ''}`);
        expect(response.status).toBe(200);
        ids.push(...response.body.data.map((l: LoadBody) => l.id));
        cursor = response.body.nextCursor;
        if (!cursor) return ids;
      }
      throw new Error('pagination did not end');
    }

    const idsInDatabase = async (where = 'TRUE', params: unknown[] = []) =>
      (await t.dataSource.query<Array<{ id: string }>>(`SELECT id FROM loads WHERE ${where} ORDER BY created_at DESC, id DESC`, params)).map(
        (r) => r.id,
      );

    it('serves the newest 20 first with a cursor to the next page', async () => {
      const response = await list('');
      expect(response.status).toBe(200);
      expect(response.body.limit).toBe(20);
      expect(response.body.data).toHaveLength(20);
      expect(typeof response.body.nextCursor).toBe('string');
      expect(response.body.data.map((l: LoadBody) => l.id)).toEqual((await idsInDatabase()).slice(0, 20));
      const shipments = await list('', admin, '/api/shipments');
      expect(shipments.body).toEqual(response.body);
    });

    it('walks every page with no duplicates or gaps, also across identical creation times', async () => {
      // Five loads created in the same millisecond straddle page boundaries of three.
      const twins = await Promise.all(Array.from({ length: 5 }, () => create()));
      await t.dataSource.query(`UPDATE loads SET created_at = '2026-11-10T10:00:00.000Z' WHERE id = ANY($1)`, [twins.map((r) => r.body.id)]);

      const expected = await idsInDatabase();
      const served = await walk('?limit=3');
      expect(new Set(served).size).toBe(served.length);
      expect(served).toEqual(expected);
      expect(await walk('?limit=100')).toEqual(expected);
    });

    it('filters by one status and by several, in both spellings', async () => {
      const posted = await list('?status=posted&limit=100');
      expect(posted.status).toBe(200);
      expect(posted.body.data.length).toBeGreaterThan(0);
      expect(posted.body.data.every((l: LoadBody) => l.status === 'posted')).toBe(true);
      expect(posted.body.data.map((l: LoadBody) => l.id)).toEqual(await idsInDatabase(`status = 'posted'`));

      const expected = await idsInDatabase(`status IN ('delivered', 'cancelled')`);
      expect(expected.length).toBeGreaterThan(20);
      expect(await walk('?status=delivered&status=cancelled&limit=7')).toEqual(expected);
      expect(await walk('?status=delivered,cancelled&limit=7')).toEqual(expected);
      const statuses = new Set((await list('?status=delivered,%20cancelled&limit=100')).body.data.map((l: LoadBody) => l.status));
      expect(statuses).toEqual(new Set(['delivered', 'cancelled']));
    });

    it('refuses an unknown status with 400 naming status', async () => {
      for (const query of ['?status=lost', '?status=posted,lost', '?status=posted&status=lost', '?status=', '?status=POSTED']) {
        const response = await list(query);
        expect([query, response.status]).toEqual([query, 400]);
        expect(fieldsOf(response.body)).toContain('status');
      }
    });

    it('filters by driver', async () => {
      const [{ driver_id: driverId }] = await t.dataSource.query(
        `SELECT driver_id FROM loads WHERE driver_id IS NOT NULL GROUP BY driver_id ORDER BY count(*) DESC LIMIT 1`,
      );
      const response = await list(`?driverId=${driverId}&limit=100`);
      expect(response.status).toBe(200);
      expect(response.body.data.length).toBeGreaterThan(1);
      expect(response.body.data.every((l: LoadBody) => l.driverId === driverId)).toBe(true);
      expect(response.body.data.map((l: LoadBody) => l.id)).toEqual(await idsInDatabase('driver_id = $1', [driverId]));

      const { driverId: idle } = await insertDriver(t);
      expect((await list(`?driverId=${idle}`)).body).toEqual({ data: [], nextCursor: null, limit: 20 });
      const bad = await list('?driverId=not-a-uuid');
      expect(bad.status).toBe(400);
      expect(fieldsOf(bad.body)).toEqual(['driverId']);
    });

    it('filters by creation range, bounds inclusive', async () => {
      const [{ from, to }] = await t.dataSource.query(
        `SELECT (SELECT created_at FROM loads ORDER BY created_at OFFSET 10 LIMIT 1) AS from,
                (SELECT created_at FROM loads ORDER BY created_at OFFSET 30 LIMIT 1) AS to`,
      );
      const [fromIso, toIso] = [(from as Date).toISOString(), (to as Date).toISOString()];
      const expected = await idsInDatabase('created_at >= $1 AND created_at <= $2', [fromIso, toIso]);
      expect(expected.length).toBeGreaterThanOrEqual(21);
      const served = await walk(`?createdFrom=${fromIso}&createdTo=${toIso}&limit=8`);
      expect(served).toEqual(expected);

      const onlyFrom = await walk(`?createdFrom=${toIso}&limit=50`);
      expect(onlyFrom).toEqual(await idsInDatabase('created_at >= $1', [toIso]));
      const sameInstant = await list(`?createdFrom=${toIso}&createdTo=${toIso}`);
      expect(sameInstant.body.data.map((l: LoadBody) => l.createdAt)).toContain(toIso);
    });

    it('refuses a reversed or malformed creation range with 400', async () => {
      const reversed = await list('?createdFrom=2026-11-20T00:00:00Z&createdTo=2026-11-10T00:00:00Z');
      expect(reversed.status).toBe(400);
      expect(reversed.body.details).toEqual([{ field: 'createdTo', messages: ['createdTo must not be before createdFrom'] }]);
      for (const query of ['?createdFrom=yesterday', '?createdTo=2026-13-01', '?createdFrom=2026-02-30', '?createdFrom=1']) {
        const response = await list(query);
        expect([query, response.status]).toEqual([query, 400]);
      }
    });

    it('refuses limits outside 1..100 and non-numbers with 400 naming limit', async () => {
      for (const limit of ['0', '101', 'abc', '-1', '2.5', '']) {
        const response = await list(`?limit=${limit}`);
        expect([limit, response.status]).toEqual([limit, 400]);
        expect(fieldsOf(response.body)).toEqual(['limit']);
      }
      expect((await list('?limit=100')).body.data.length).toBeGreaterThan(60);
      expect((await list('?limit=1')).body.data).toHaveLength(1);
    });

    it('refuses a forged cursor with 400 naming cursor', async () => {
      const forged = [
        'not-a-cursor!',
        Buffer.from('{"createdAt":"x"}').toString('base64url'),
        Buffer.from(JSON.stringify(['2026-11-10T10:00:00.000Z', "x' OR 1=1 --"])).toString('base64url'),
        Buffer.from(JSON.stringify(['2026-99-10T10:00:00.000Z', '3b0c6a0e-8b6e-4c1e-9c57-1f2a3b4c5d6e'])).toString('base64url'),
        'A'.repeat(300),
      ];
      for (const cursor of forged) {
        const response = await list(`?cursor=${encodeURIComponent(cursor)}`);
        expect([cursor, response.status]).toEqual([cursor, 400]);
        expect(fieldsOf(response.body)).toEqual(['cursor']);
      }
      const twice = await list('?cursor=a&cursor=b');
      expect(twice.status).toBe(400);
      expect(fieldsOf(twice.body)).toContain('cursor');
    });

    it('refuses unknown query parameters with 400', async () => {
      const response = await list('?offset=10');
      expect(response.status).toBe(400);
      expect(fieldsOf(response.body)).toEqual(['offset']);
    });

    it('shows a newly created load first', async () => {
      await list('?limit=5');
      const { body: load } = await create();
      const after = await list('?limit=5');
      expect(after.body.data[0].id).toBe(load.id);
    });
  });
});
