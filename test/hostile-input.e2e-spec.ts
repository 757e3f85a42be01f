import { MAX_JSON_DEPTH, MAX_JSON_NODES } from '../src/common/json-body-parser';
import { MAX_ERROR_DETAILS } from '../src/common/field-error-summary';
import { startTestApp, TestApp } from './helpers/test-app';

const CHICAGO = { lat: 41.8781, lng: -87.6298, label: 'Chicago, IL' };
const DALLAS = { lat: 32.7767, lng: -96.797, label: 'Dallas, TX' };

const nestedArrays = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const nestedObjects = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
const fieldsOf = (body: { details?: Array<{ field: string }> }) => (body.details ?? []).map((d) => d.field);

/** Input built to hurt: deep nesting, NUL characters, nulls, error amplification. Each answers 400 naming the field. */
describe('hostile input', () => {
  let t: TestApp;
  let dispatcher: string;
  let loadId: string;

  beforeAll(async () => {
    t = await startTestApp();
    dispatcher = await t.login('dispatcher@freight.local');
    const rows: { id: string }[] = await t.dataSource.query(`SELECT id FROM loads WHERE status = 'posted' ORDER BY reference LIMIT 1`);
    loadId = rows[0].id;
  });
  afterAll(() => t.close());

  describe('deeply nested JSON', () => {
    it.each([
      ['arrays', nestedArrays(2000)],
      ['objects', nestedObjects(2000)],
    ])('answers 2,000 levels of %s with 400, before authentication', async (_kind, rawBody) => {
      const response = await t.request('POST', '/api/loads', { rawBody });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request', path: '/api/loads' });
      expect(response.body.message).toContain(`deeper than ${MAX_JSON_DEPTH}`);
    });

    it(`parses ${MAX_JSON_DEPTH} levels (then asks for a token) and refuses ${MAX_JSON_DEPTH + 1}`, async () => {
      expect((await t.request('POST', '/api/loads', { rawBody: nestedArrays(MAX_JSON_DEPTH) })).status).toBe(401);
      expect((await t.request('POST', '/api/loads', { rawBody: nestedArrays(MAX_JSON_DEPTH + 1) })).status).toBe(400);
    });

    it('does not count brackets inside strings, escaped quotes included', async () => {
      const reference = `A${'[{'.repeat(100)}\\"[[[`;
      const response = await t.request('POST', '/api/loads', { token: dispatcher, rawBody: `{"reference":"${reference}"}` });
      expect(response.status).toBe(400);
      expect(response.body.message).not.toContain('deeper than');
      expect(fieldsOf(response.body)).toContain('reference');
    });

    it('takes JSON only: a form body answers 415 instead of reaching validation', async () => {
      const response = await t.request('PATCH', '/api/profile', {
        token: dispatcher,
        rawBody: 'name=Dana',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(response.status).toBe(415);
    });

    it('keeps the __proto__ and constructor.prototype protection of the default parser', async () => {
      for (const rawBody of ['{"__proto__":{"isAdmin":true},"name":"x"}', '{"constructor":{"prototype":{"isAdmin":true}},"name":"x"}']) {
        const response = await t.request('PATCH', '/api/profile', { token: dispatcher, rawBody });
        expect(response.status).toBe(400);
      }
    });
  });

  describe('the NUL character', () => {
    it.each([
      ['PATCH', '/api/profile', 'name', { name: 'Dana\u0000' }],
      ['PATCH', '/api/profile', 'newPassword', { currentPassword: 'dispatcher123', newPassword: 'long-enough\u0000' }],
      ['POST', '/api/routes', 'stops.1.label', { loadId: 'L', stops: [CHICAGO, { ...DALLAS, label: 'Dal\u0000las' }] }],
      ['POST', '/api/auth/login', 'password', { email: 'dispatcher@freight.local', password: 'dispatcher123\u0000' }],
      ['PATCH', '/api/profile', 'na\\u0000me', { ['na\u0000me']: 'x' }],
    ])('in a body: %s %s answers 400 naming %s', async (method, path, field, body) => {
      const withLoad = JSON.parse(JSON.stringify(body).replace('"L"', JSON.stringify(loadId))) as object;
      const response = await t.request(method, path, { token: dispatcher, body: withLoad });
      expect(response.status).toBe(400);
      expect(fieldsOf(response.body)).toEqual([field]);
      expect(response.body.message).toContain('NUL');
    });

    it.each([
      ['/api/loads?cursor=%00', 'cursor'],
      ['/api/loads?createdFrom=2026-01-01%00', 'createdFrom'],
      ['/api/routes?loadId=%00', 'loadId'],
      ['/api/loads/%00', 'id'],
      ['/api/drivers/abc%00def', 'id'],
    ])('in the query or a path parameter: %s answers 400 naming %s', async (path, field) => {
      const response = await t.request('GET', path, { token: dispatcher });
      expect(response.status).toBe(400);
      expect(fieldsOf(response.body)).toEqual([field]);
    });
  });

  describe('malformed paths', () => {
    it.each([
      ['an id longer than the router allowed (414 before)', `/api/loads/${'x'.repeat(300)}`],
      ['bad percent-encoding in an id (a bare router error before)', '/api/loads/%E0%A4%A'],
    ])('answers %s with 400 in the error shape', async (_, path) => {
      const response = await t.request('GET', path, { token: dispatcher });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request', path: expect.any(String), timestamp: expect.any(String) });
      expect(response.body.code).toBeUndefined();
    });
  });

  describe('null where a field may only be left out', () => {
    it.each([
      [{ name: null }, 'name'],
      [{ currentPassword: null, newPassword: 'a-longer-passphrase' }, 'currentPassword'],
      [{ currentPassword: 'dispatcher123', newPassword: null }, 'newPassword'],
    ])('PATCH /api/profile %j answers 400 naming %s', async (body, field) => {
      const response = await t.request('PATCH', '/api/profile', { token: dispatcher, body });
      expect(response.status).toBe(400);
      expect(fieldsOf(response.body)).toEqual([field]);
      expect(response.body.details[0].messages).toContain(`${field} must not be null: leave it out instead`);
    });

    it('still clears the phone with null, where null means something', async () => {
      const response = await t.request('PATCH', '/api/profile', { token: dispatcher, body: { phone: null } });
      expect(response.status).toBe(200);
      expect(response.body.phone).toBeNull();
    });

    it('refuses a route stop label of null, and never answers label: null for one stored before', async () => {
      const refused = await t.request('POST', '/api/routes', { token: dispatcher, body: { loadId, stops: [CHICAGO, { ...DALLAS, label: null }] } });
      expect(refused.status).toBe(400);
      expect(fieldsOf(refused.body)).toEqual(['stops.1.label']);

      const created = await t.request('POST', '/api/routes', { token: dispatcher, body: { loadId, stops: [CHICAGO, DALLAS] } });
      expect(created.status).toBe(201);
      // As the old code stored it (first read, so no cached copy to bypass).
      await t.dataSource.query(`UPDATE route_plans SET stops = jsonb_set(stops, '{1,label}', 'null') WHERE id = $1`, [created.body.id]);
      const read = await t.request('GET', `/api/routes/${created.body.id}`, { token: dispatcher });
      expect(read.status).toBe(200);
      expect(read.body.stops[1]).toEqual({ lat: DALLAS.lat, lng: DALLAS.lng });
    });

    it.each([
      ['PATCH', 'loads', { weightKg: null }, 'weightKg'],
      ['PATCH', 'loads', { origin: null }, 'origin'],
    ])('%s /api/%s %j answers 400 naming %s', async (method, resource, body, field) => {
      const response = await t.request(method, `/api/${resource}/${loadId}`, { token: dispatcher, body });
      expect(response.status).toBe(400);
      expect(fieldsOf(response.body)).toEqual([field]);
    });
  });

  describe('error amplification', () => {
    it('refuses a 33,000-item array while parsing: validating it cost seconds of CPU', async () => {
      const rawBody = `{"loadId":"${loadId}","stops":[${Array(33_000).fill('{}').join(',')}]}`;
      const response = await t.request('POST', '/api/routes', { token: dispatcher, rawBody });
      expect(response.status).toBe(400);
      expect(response.body.message).toContain(`more than ${MAX_JSON_NODES} arrays, objects and entries`);
    });

    it(`parses ${MAX_JSON_NODES} nodes and answers a bounded 400: repeated item errors collapsed and counted`, async () => {
      // {"loadId":…,"stops":[{},…]} counts the root, a comma and the array, then each item and the comma before it.
      const items = (MAX_JSON_NODES - 2) / 2;
      const rawBody = `{"loadId":"${loadId}","stops":[${Array(items).fill('{}').join(',')}]}`;
      const response = await t.request('POST', '/api/routes', { token: dispatcher, rawBody });
      expect(response.status).toBe(400);
      expect(response.text.length).toBeLessThan(2 * 1024);
      expect(response.body.details).toEqual([
        { field: 'stops', messages: ['stops must contain no more than 50 elements'] },
        expect.objectContaining({ field: 'stops.*.lat', count: items }),
        expect.objectContaining({ field: 'stops.*.lng', count: items }),
      ]);
      const oneTooMany = `{"loadId":"${loadId}","stops":[${Array(items + 1)
        .fill('{}')
        .join(',')}]}`;
      expect((await t.request('POST', '/api/routes', { token: dispatcher, rawBody: oneTooMany })).status).toBe(400);
    });

    it('keeps the index of a lone item error', async () => {
      const response = await t.request('POST', '/api/routes', { token: dispatcher, body: { loadId, stops: [CHICAGO, { ...DALLAS, lat: 91 }] } });
      expect(response.status).toBe(400);
      expect(response.body.details).toEqual([{ field: 'stops.1.lat', messages: ['lat must not be greater than 90'] }]);
    });

    it('caps the details and says how many were left out', async () => {
      const body = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`unknown${i}`, 1]));
      const response = await t.request('PATCH', '/api/profile', { token: dispatcher, body });
      expect(response.status).toBe(400);
      expect(response.body.details).toHaveLength(MAX_ERROR_DETAILS);
      expect(response.body.detailsOmitted).toBe(500 - MAX_ERROR_DETAILS);
      expect(response.body.message).toContain(`(and ${500 - MAX_ERROR_DETAILS} more)`);
      expect(response.text.length).toBeLessThan(4 * 1024);
    });

    it('clips a huge unknown key instead of echoing it back', async () => {
      const key = 'k'.repeat(50_000);
      const response = await t.request('PATCH', '/api/profile', { token: dispatcher, body: { [key]: 1 } });
      expect(response.status).toBe(400);
      expect(response.text.length).toBeLessThan(2 * 1024);
    });
  });
});
