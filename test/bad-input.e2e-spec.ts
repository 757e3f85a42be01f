import { startTestApp, TestApp } from './helpers/test-app';

/** Bad input gets a clear 4xx in the one error shape, names the field, and changes nothing. */
describe('bad input', () => {
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    t = await startTestApp({ BODY_LIMIT_BYTES: '4096' });
    token = await t.login('dispatcher@freight.local');
  });
  afterAll(() => t.close());

  const loadCount = async () => Number((await t.dataSource.query('SELECT count(*)::int AS n FROM loads'))[0].n);

  const expectErrorShape = (body: Record<string, unknown>, status: number) => {
    expect(body).toMatchObject({ statusCode: status, error: expect.any(String), message: expect.any(String), path: expect.any(String) });
    expect(typeof body.requestId).toBe('string');
    expect(typeof body.timestamp).toBe('string');
  };

  it('answers malformed JSON with 400 and changes nothing', async () => {
    const before = await loadCount();
    const response = await t.request('POST', '/api/loads', { token, rawBody: '{"reference": "X", ' });
    expect(response.status).toBe(400);
    expectErrorShape(response.body, 400);
    expect(response.body.message).toMatch(/json/i);
    expect(await loadCount()).toBe(before);
  });

  it('answers a body over the size limit with 413', async () => {
    const response = await t.request('POST', '/api/loads', { token, rawBody: JSON.stringify({ reference: 'x'.repeat(5000) }) });
    expect(response.status).toBe(413);
    expectErrorShape(response.body, 413);
  });

  it('answers an unsupported content type with 415', async () => {
    const response = await t.request('POST', '/api/loads', { token, rawBody: 'a=1', headers: { 'content-type': 'text/plain' } });
    expect(response.status).toBe(415);
    expectErrorShape(response.body, 415);
  });

  it('names unknown fields and wrong types', async () => {
    const response = await t.request('PATCH', '/api/profile', { token, body: { name: 42, isAdmin: true } });
    expect(response.status).toBe(400);
    expectErrorShape(response.body, 400);
    const fields = response.body.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['name', 'isAdmin']));
  });

  it.each([
    ['/api/loads?limit=0', 'limit'],
    ['/api/loads?limit=101', 'limit'],
    ['/api/loads?limit=abc', 'limit'],
    ['/api/loads?status=lost', 'status'],
    ['/api/loads?cursor=not-a-cursor', 'cursor'],
    ['/api/loads?driverId=123', 'driverId'],
    ['/api/loads?unknown=1', 'unknown'],
    ['/api/drivers?isAvailable=maybe', 'isAvailable'],
    ['/api/notifications?unread=yes', 'unread'],
    ['/api/analytics?from=yesterday', 'from'],
  ])('answers %s with 400 naming %s', async (path, field) => {
    const response = await t.request('GET', path, { token });
    expect(response.status).toBe(400);
    expectErrorShape(response.body, 400);
    expect(response.body.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('answers a forged cursor (well-formed base64, wrong content) with 400', async () => {
    const forged = Buffer.from(JSON.stringify(['not-a-date', "1' OR '1'='1"])).toString('base64url');
    const response = await t.request('GET', `/api/loads?cursor=${forged}`, { token });
    expect(response.status).toBe(400);
    expect(response.body.details[0].field).toBe('cursor');
  });

  it.each(['/api/loads/not-a-uuid', '/api/drivers/123', '/api/routes/abc', '/api/shipments/%27%3B--'])(
    'answers a bad id in %s with 400 naming id',
    async (path) => {
      const response = await t.request('GET', path, { token });
      expect(response.status).toBe(400);
      expect(response.body.details[0].field).toBe('id');
    },
  );

  it('answers a missing row with 404 and an unknown route with 404, in the same shape', async () => {
    const missing = await t.request('GET', '/api/loads/00000000-0000-4000-8000-000000000000', { token });
    expect(missing.status).toBe(404);
    expectErrorShape(missing.body, 404);
    const unknown = await t.request('GET', '/api/nowhere', { token });
    expect(unknown.status).toBe(404);
    expectErrorShape(unknown.body, 404);
  });

  it('answers a bad login body with 400 and wrong credentials with 401', async () => {
    expect((await t.request('POST', '/api/auth/login', { body: { email: 'not-an-email', password: 'x' } })).status).toBe(400);
    const wrong = await t.request('POST', '/api/auth/login', { body: { email: 'dispatcher@freight.local', password: 'nope' } });
    expect(wrong.status).toBe(401);
    expectErrorShape(wrong.body, 401);
  });

  it('answers a malformed, forged or expired token with 401', async () => {
    const [header, payload] = token.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), role: 'admin' })).toString(
      'base64url',
    );
    for (const bad of ['garbage', `${header}.${forgedPayload}.${token.split('.')[2]}`]) {
      const response = await t.request('GET', '/api/loads', { token: bad });
      expect(response.status).toBe(401);
    }
    const { JwtService } = await import('@nestjs/jwt');
    const expired = await t.app.get(JwtService).signAsync({ sub: 'x', role: 'admin', email: 'x', driverId: null }, { expiresIn: -10 });
    expect((await t.request('GET', '/api/loads', { token: expired })).status).toBe(401);
  });

  it('echoes the request id in the header and in error bodies', async () => {
    const response = await t.request('GET', '/api/loads?limit=0', { token, headers: { 'x-request-id': 'trace-123' } });
    expect(response.headers.get('x-request-id')).toBe('trace-123');
    expect(response.body.requestId).toBe('trace-123');
  });
});
