import { performance } from 'node:perf_hooks';
import { gunzipSync } from 'node:zlib';
import { hashPassword } from '../src/auth/password';
import { RESPONSE_STORE, ResponseStore } from '../src/cache/stores/response-store';
import { DRIVER_LIST_TTL_SECONDS } from '../src/drivers/drivers.controller';
import { LoadsService } from '../src/loads/loads.service';
import { newLoadBody } from './loads-fixtures';
import { rawRequest } from './helpers/raw-http';
import { startTestRedis, TestRedis } from './helpers/redis';
import { startTestApp, TestApp } from './helpers/test-app';

/**
 * The response cache, over real HTTP, against real PostgreSQL and (in the "redis" run) a real
 * redis-server. The "memory" run is the embedded default with no REDIS_URL: same behaviour.
 */
/** Polls a condition; performance.now, since some tests hold Date.now still. */
async function waitUntil(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.each(['memory', 'redis'] as const)('response cache (%s store)', (kind) => {
  let redis: TestRedis | undefined;
  let t: TestApp;
  let dispatcher: string;
  let driver1: string;
  let driver2: string;

  beforeAll(async () => {
    if (kind === 'redis') redis = await startTestRedis();
    t = await startTestApp(redis ? { REDIS_URL: redis.url } : {});
    dispatcher = await t.login('dispatcher@freight.local');
    driver1 = await t.login('driver1@freight.local');
    driver2 = await t.login('driver2@freight.local');
  });
  afterAll(async () => {
    await t?.close();
    await redis?.stop();
  });

  const get = (path: string, token = dispatcher, headers: Record<string, string> = {}) =>
    rawRequest(t.baseUrl + path, { authorization: `Bearer ${token}`, ...headers });

  it('answers MISS, then HIT with the same bytes and ETag', async () => {
    const first = await get('/api/loads?limit=7');
    const second = await get('/api/loads?limit=7');
    expect(first.status).toBe(200);
    expect(first.headers['x-cache']).toBe('MISS');
    expect(second.headers['x-cache']).toBe('HIT');
    expect(second.body.equals(first.body)).toBe(true);
    expect(second.headers.etag).toBe(first.headers.etag);
    expect(second.headers['x-cache-key']).toBe(first.headers['x-cache-key']);
    expect(JSON.parse(second.body.toString()).data).toHaveLength(7);
  });

  it('answers HEAD from the same entry', async () => {
    await get('/api/loads?limit=6');
    const head = await rawRequest(t.baseUrl + '/api/loads?limit=6', { authorization: `Bearer ${dispatcher}` }, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['x-cache']).toBe('HIT');
    expect(head.body.length).toBe(0);
  });

  it('normalises the query: parameter order does not matter', async () => {
    const a = await get('/api/loads?limit=5&status=delivered&status=cancelled');
    const b = await get('/api/loads?status=cancelled&limit=5&status=delivered');
    expect(a.headers['x-cache']).toBe('MISS');
    expect(b.headers['x-cache']).toBe('HIT');
    expect(b.headers['x-cache-key']).toBe(a.headers['x-cache-key']);
  });

  it('never marks a bearer-authenticated answer public: private, no-cache with the ETag, Vary: Authorization per user', async () => {
    for (let i = 0; i < 2; i++) {
      // The second is a hit: the same headers from the store as from the handler.
      const shared = await get('/api/drivers');
      if (i === 1) expect(shared.headers['x-cache']).toBe('HIT');
      expect(shared.headers['cache-control']).toBe('private, no-cache');
      expect(shared.headers.etag).toMatch(/^"/);
      expect(shared.headers.vary).toContain('Accept-Encoding');
    }
    const own = await get('/api/profile', driver1);
    expect(own.headers['cache-control']).toBe('private, no-cache');
    expect(String(own.headers.vary)).toContain('Authorization');
    const notifications = await get('/api/notifications', driver1);
    expect(notifications.headers['cache-control']).toBe('private, no-cache');
    // Revalidation stays cheap: the ETag answers 304 with no body.
    const revalidated = await get('/api/profile', driver1, { 'if-none-match': String(own.headers.etag) });
    expect(revalidated.status).toBe(304);
    expect(revalidated.body.length).toBe(0);
  });

  it('keeps per-user entries apart, also under concurrent requests', async () => {
    const [a, b] = await Promise.all([get('/api/profile', driver1), get('/api/profile', driver2)]);
    expect(JSON.parse(a.body.toString()).email).toBe('driver1@freight.local');
    expect(JSON.parse(b.body.toString()).email).toBe('driver2@freight.local');
    const requests = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? driver1 : driver2));
    const responses = await Promise.all(requests.flatMap((token) => [get('/api/profile', token), get('/api/notifications?limit=50', token)]));
    const ownUserId = async (token: string) => (await t.request('GET', '/api/profile', { token })).body.id as string;
    const ids = new Map([
      [driver1, await ownUserId(driver1)],
      [driver2, await ownUserId(driver2)],
    ]);
    responses.forEach((response, i) => {
      const token = requests[Math.floor(i / 2)];
      const body = JSON.parse(response.body.toString());
      if (i % 2 === 0) expect(body.id).toBe(ids.get(token));
      expect(String(response.headers['x-cache-key'])).toContain(ids.get(token));
    });
    // Driver 1's notifications never reach driver 2.
    const n1 = JSON.parse((await get('/api/notifications?limit=50', driver1)).body.toString());
    const n2 = JSON.parse((await get('/api/notifications?limit=50', driver2)).body.toString());
    const ids1 = new Set(n1.data.map((n: { id: string }) => n.id));
    expect(n1.data.length).toBeGreaterThan(0);
    expect(n2.data.some((n: { id: string }) => ids1.has(n.id))).toBe(false);
  });

  it('answers 304 to a matching If-None-Match on hits and on misses', async () => {
    const first = await get('/api/loads?limit=9');
    const etag = String(first.headers.etag);
    const hit = await get('/api/loads?limit=9', dispatcher, { 'if-none-match': etag });
    expect(hit.status).toBe(304);
    expect(hit.body.length).toBe(0);
    expect(hit.headers['x-cache']).toBe('HIT');
    // Same content under a new key (an extra unknown-to-the-handler order of params is not allowed),
    // so clear the entry and ask again: a miss that still matches.
    await t.request('PATCH', `/api/profile`, { token: dispatcher, body: { name: 'Dana D.' } });
    const loadsKey = String(first.headers['x-cache-key']);
    await t.app.get<ResponseStore>(RESPONSE_STORE).clearPattern(loadsKey.replace(/[*?[\]\\]/g, '\\$&'));
    const miss = await get('/api/loads?limit=9', dispatcher, { 'if-none-match': etag });
    expect(miss.headers['x-cache']).toBe('MISS');
    expect(miss.status).toBe(304);
    expect(miss.body.length).toBe(0);
    const other = await get('/api/loads?limit=9', dispatcher, { 'if-none-match': '"something-else"' });
    expect(other.status).toBe(200);
  });

  it('gzips bodies of 1 KB or more (hits and misses) and not smaller ones', async () => {
    const miss = await get('/api/loads?limit=20', dispatcher, { 'accept-encoding': 'gzip' });
    const hit = await get('/api/loads?limit=20', dispatcher, { 'accept-encoding': 'gzip' });
    const plain = await get('/api/loads?limit=20', dispatcher);
    expect(miss.headers['content-encoding']).toBe('gzip');
    expect(hit.headers['x-cache']).toBe('HIT');
    expect(hit.headers['content-encoding']).toBe('gzip');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.length).toBeGreaterThanOrEqual(1024);
    expect(gunzipSync(hit.body).equals(plain.body)).toBe(true);
    const small = await get('/api/profile', driver1, { 'accept-encoding': 'gzip' });
    expect(small.body.length).toBeLessThan(1024);
    expect(small.headers['content-encoding']).toBeUndefined();
    // An uncached route over 1 KB is compressed as well.
    const docs = await rawRequest(t.baseUrl + '/docs-json', { 'accept-encoding': 'gzip' });
    expect(docs.headers['content-encoding']).toBe('gzip');
  });

  it('checks the token on every hit: none, a forged one and a revoked one are refused while the entry is cached', async () => {
    // Hits are served ahead of Nest's pipeline (cache-hit-fast-path.ts), after the same guards.
    const email = `hit-auth-${kind}@freight.local`;
    await t.dataSource.query(`INSERT INTO users (email, password_hash, name, role) VALUES ($1, $2, 'Hit Auth', 'dispatcher')`, [
      email,
      await hashPassword('hit-auth-password-1'),
    ]);
    const token = (await t.request('POST', '/api/auth/login', { body: { email, password: 'hit-auth-password-1' } })).body.accessToken as string;
    expect((await get('/api/loads?limit=4', token)).headers['x-cache']).toBe('MISS');
    expect((await get('/api/loads?limit=4', token)).headers['x-cache']).toBe('HIT');

    const none = await rawRequest(t.baseUrl + '/api/loads?limit=4');
    expect(none.status).toBe(401);
    expect(none.headers['x-cache']).toBeUndefined();
    const [header, payload] = token.split('.');
    const forged = await get('/api/loads?limit=4', `${header}.${payload}.${'A'.repeat(43)}`);
    expect(forged.status).toBe(401);
    expect(JSON.parse(forged.body.toString())).toMatchObject({ statusCode: 401 });

    // A password change revokes the token at once on this instance.
    const changed = await t.request('PATCH', '/api/profile', {
      token,
      body: { currentPassword: 'hit-auth-password-1', newPassword: 'hit-auth-password-2' },
    });
    expect(changed.status).toBe(200);
    const revoked = await get('/api/loads?limit=4', token);
    expect(revoked.status).toBe(401);
    expect(revoked.headers['x-cache']).toBeUndefined();
    expect((await get('/api/loads?limit=4', dispatcher)).headers['x-cache']).toBe('HIT');
  });

  it('sends a hit with non-ASCII data byte for byte as the miss, with Content-Length in bytes', async () => {
    // A hit goes out as a string body (one write): it must be re-encoded to the very UTF-8
    // bytes the handler produced, and its length counted in bytes, not characters.
    const city = 'Zürich – 東京';
    const created = await t.request('POST', '/api/loads', {
      token: dispatcher,
      body: newLoadBody({ origin: { city, lat: 47.3769, lng: 8.5417 } }),
    });
    expect(created.status).toBe(201);
    const path = `/api/loads/${created.body.id}`;
    const miss = await get(path);
    const hit = await get(path);
    expect(miss.headers['x-cache']).toBe('MISS');
    expect(hit.headers['x-cache']).toBe('HIT');
    expect(hit.body.equals(miss.body)).toBe(true);
    expect(Number(hit.headers['content-length'])).toBe(hit.body.length);
    expect(hit.body.length).toBeGreaterThan(hit.body.toString('utf8').length);
    expect(JSON.parse(hit.body.toString('utf8')).origin.city).toBe(city);
    expect(hit.headers['content-type']).toBe('application/json; charset=utf-8');
    // HEAD announces the same length; a gzip hit unpacks to the same bytes.
    const head = await rawRequest(t.baseUrl + path, { authorization: `Bearer ${dispatcher}` }, 'HEAD');
    expect(head.headers['x-cache']).toBe('HIT');
    expect(Number(head.headers['content-length'])).toBe(miss.body.length);
    const list = `/api/loads?limit=50&createdFrom=${encodeURIComponent(created.body.createdAt)}`;
    const listMiss = await get(list);
    const listHit = await get(list);
    const listGzip = await get(list, dispatcher, { 'accept-encoding': 'gzip' });
    expect(listHit.headers['x-cache']).toBe('HIT');
    expect(listHit.body.equals(listMiss.body)).toBe(true);
    expect(Number(listHit.headers['content-length'])).toBe(listMiss.body.length);
    expect(listHit.body.toString('utf8')).toContain(city);
    if (listGzip.headers['content-encoding'] === 'gzip') expect(gunzipSync(listGzip.body).equals(listMiss.body)).toBe(true);
    else expect(listGzip.body.equals(listMiss.body)).toBe(true);
  });

  it('serves an entry past its TTL while refreshing it, and keeps it no longer than twice the TTL', async () => {
    const KEPT_MS = 2 * DRIVER_LIST_TTL_SECONDS * 1000;
    const first = await get('/api/drivers?limit=3');
    expect(first.headers['x-cache']).toBe('MISS');
    expect(first.headers['cache-status']).toBe('freight; fwd=miss; stored');
    const hit = await get('/api/drivers?limit=3');
    expect(hit.headers['x-cache']).toBe('HIT');
    // The drivers list's TTL is DRIVER_LIST_TTL_SECONDS (it bounds the age of positions in a page).
    const ttl = Number(/^freight; hit; ttl=(\d+)$/.exec(String(hit.headers['cache-status']))?.[1]);
    expect(ttl).toBeGreaterThan(DRIVER_LIST_TTL_SECONDS - 10);
    expect(ttl).toBeLessThanOrEqual(DRIVER_LIST_TTL_SECONDS);
    const key = String(first.headers['x-cache-key']);
    if (kind === 'redis') {
      const { createClient } = await import('redis');
      const client = createClient({ url: redis!.url });
      await client.connect();
      const kept = await client.pTTL(key);
      expect(kept).toBeGreaterThan(KEPT_MS - 10_000);
      expect(kept).toBeLessThanOrEqual(KEPT_MS);
      await client.pExpire(key, 1);
      await client.close();
      await new Promise((r) => setTimeout(r, 20));
      expect((await get('/api/drivers?limit=3')).headers['x-cache']).toBe('MISS');
      return;
    }
    const now = Date.now();
    const spy = jest.spyOn(Date, 'now').mockReturnValue(now + KEPT_MS + 1000);
    try {
      // Kept no longer than twice the TTL.
      expect((await get('/api/drivers?limit=3')).headers['x-cache']).toBe('MISS');
      // Past its TTL and still valid (no driver changed): served at once, marked stale, and
      // refreshed by that request in the background.
      expect((await get('/api/drivers?limit=2')).headers['x-cache']).toBe('MISS');
      spy.mockReturnValue(now + KEPT_MS + 1000 + DRIVER_LIST_TTL_SECONDS * 1000 + 1000);
      const stale = await get('/api/drivers?limit=2');
      expect(stale.headers['x-cache']).toBe('HIT');
      expect(stale.headers['cache-status']).toMatch(/^freight; hit; ttl=-\d+$/);
      await waitUntil(async () => /ttl=\d+$/.test(String((await get('/api/drivers?limit=2')).headers['cache-status'])));
    } finally {
      spy.mockRestore();
    }
  });

  it('runs the handler once for concurrent misses on one key (single flight)', async () => {
    const service = t.app.get(LoadsService);
    const spy = jest.spyOn(service, 'list');
    try {
      const responses = await Promise.all(Array.from({ length: 25 }, () => get('/api/loads?limit=11')));
      expect(responses.every((r) => r.status === 200)).toBe(true);
      expect(new Set(responses.map((r) => r.body.toString())).size).toBe(1);
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  });

  it('clears exactly what a mutation depends on and leaves the rest', async () => {
    const list = (await t.request('GET', '/api/loads?status=posted&limit=5', { token: dispatcher })).body.data;
    const [a, b] = list;
    const driverList = (await t.request('GET', '/api/drivers?isAvailable=true', { token: dispatcher })).body.data;
    const driver = driverList[0];
    const paths = {
      loads: '/api/loads?limit=4',
      shipments: '/api/shipments?limit=4',
      loadA: `/api/loads/${a.id}`,
      loadB: `/api/loads/${b.id}`,
      deliveredLoads: '/api/loads?status=delivered&limit=4',
      drivers: '/api/drivers?limit=4',
      analytics: '/api/analytics',
      profile: '/api/profile',
      notificationsDispatcher: '/api/notifications',
    };
    const warm = async () => {
      for (const path of Object.values(paths)) await get(path);
    };
    const state = async () => {
      const result: Record<string, string> = {};
      for (const [name, path] of Object.entries(paths)) result[name] = String((await get(path)).headers['x-cache']);
      return result;
    };

    // Editing load A (posted) clears the lists it can be in and A's detail; the delivered list,
    // B, drivers, profile stay, and analytics (bounded freshness) is not cleared by writes.
    await warm();
    expect((await t.request('PATCH', `/api/loads/${a.id}`, { token: dispatcher, body: { weightKg: 12345 } })).status).toBe(200);
    expect(await state()).toEqual({
      loads: 'MISS',
      shipments: 'MISS',
      loadA: 'MISS',
      loadB: 'HIT',
      deliveredLoads: 'HIT',
      drivers: 'HIT',
      analytics: 'HIT',
      profile: 'HIT',
      notificationsDispatcher: 'HIT',
    });
    expect(JSON.parse((await get(paths.loadA)).body.toString()).weightKg).toBe(12345);

    // Assigning A clears the drivers too (availability changed) and the notified users' lists.
    const assigned = await t.request('POST', `/api/loads/${a.id}/assign`, { token: dispatcher, body: { driverId: driver.id } });
    expect(assigned.status).toBe(200);
    expect(await state()).toEqual({
      loads: 'MISS',
      shipments: 'MISS',
      loadA: 'MISS',
      loadB: 'HIT',
      deliveredLoads: 'HIT',
      drivers: 'MISS',
      analytics: 'HIT',
      profile: 'HIT',
      notificationsDispatcher: 'MISS',
    });

    // A profile change clears only that user's profile.
    expect((await t.request('PATCH', '/api/profile', { token: dispatcher, body: { phone: '+1-555-0199' } })).status).toBe(200);
    expect(await state()).toEqual({
      loads: 'HIT',
      shipments: 'HIT',
      loadA: 'HIT',
      loadB: 'HIT',
      deliveredLoads: 'HIT',
      drivers: 'HIT',
      analytics: 'HIT',
      profile: 'MISS',
      notificationsDispatcher: 'HIT',
    });
    expect(JSON.parse((await get(paths.profile)).body.toString()).phone).toBe('+1-555-0199');
  });

  it("clears only the lists a load move can change: a pickup leaves status=posted and other drivers' lists cached", async () => {
    const [posted] = (await t.request('GET', '/api/loads?status=posted&limit=1', { token: dispatcher })).body.data;
    const [mine] = (await t.request('GET', '/api/drivers?isAvailable=true&limit=1', { token: dispatcher })).body.data as Array<{ id: string }>;
    const drivers = (await t.request('GET', '/api/drivers?limit=10', { token: dispatcher })).body.data as Array<{ id: string }>;
    const other = drivers.find((d) => d.id !== mine.id)!;
    expect((await t.request('POST', `/api/loads/${posted.id}/assign`, { token: dispatcher, body: { driverId: mine.id } })).status).toBe(200);
    const paths = {
      postedList: '/api/loads?status=posted&limit=3',
      assignedList: '/api/loads?status=assigned&limit=3',
      inTransitList: '/api/loads?status=in_transit&limit=3',
      myLoads: `/api/loads?driverId=${mine.id}&limit=3`,
      otherDriversLoads: `/api/loads?driverId=${other.id}&limit=3`,
      everyLoad: '/api/loads?limit=3',
    };
    for (const path of Object.values(paths)) await get(path);
    expect((await t.request('POST', `/api/loads/${posted.id}/pickup`, { token: dispatcher })).status).toBe(200);
    const state: Record<string, string> = {};
    for (const [name, path] of Object.entries(paths)) state[name] = String((await get(path)).headers['x-cache']);
    expect(state).toEqual({
      postedList: 'HIT',
      assignedList: 'MISS',
      inTransitList: 'MISS',
      myLoads: 'MISS',
      otherDriversLoads: 'HIT',
      everyLoad: 'MISS',
    });
    const moved = JSON.parse((await get(paths.myLoads)).body.toString()).data.find((l: { id: string }) => l.id === posted.id);
    expect(moved.status).toBe('in_transit');
  });

  it('keeps analytics bounded: no write clears it, and it is never served older than 60 s', async () => {
    // A query of its own, so no earlier test has cached it.
    const ANALYTICS = '/api/analytics?from=2026-01-01&to=2026-01-31';
    const first = await get(ANALYTICS);
    expect(first.headers['x-cache']).toBe('MISS');
    expect((await t.request('POST', '/api/loads', { token: dispatcher, body: newLoadBody() })).status).toBe(201);
    const cached = await get(ANALYTICS);
    expect(cached.headers['x-cache']).toBe('HIT');
    expect(cached.headers['cache-status']).toMatch(/^freight; hit; ttl=(29|30)$/);
    if (kind === 'redis') {
      const { createClient } = await import('redis');
      const client = createClient({ url: redis!.url });
      await client.connect();
      const kept = await client.pTTL(String(first.headers['x-cache-key']));
      await client.close();
      expect(kept).toBeGreaterThan(50_000);
      expect(kept).toBeLessThanOrEqual(60_000);
      return;
    }
    const now = Date.now();
    const spy = jest.spyOn(Date, 'now').mockReturnValue(now + 61_000);
    try {
      expect((await get(ANALYTICS)).headers['x-cache']).toBe('MISS');
      spy.mockReturnValue(now + 61_000 + 31_000);
      expect((await get(ANALYTICS)).headers['cache-status']).toMatch(/^freight; hit; ttl=-\d+$/);
      await waitUntil(async () => /ttl=\d+$/.test(String((await get(ANALYTICS)).headers['cache-status'])));
    } finally {
      spy.mockRestore();
    }
  });

  it('clears the route plans of a deleted load, which went with it', async () => {
    const load = await t.request('POST', '/api/loads', { token: dispatcher, body: newLoadBody() });
    expect(load.status).toBe(201);
    const route = await t.request('POST', '/api/routes', {
      token: dispatcher,
      body: {
        loadId: load.body.id,
        stops: [
          { lat: 41.88, lng: -87.63 },
          { lat: 32.78, lng: -96.8 },
        ],
      },
    });
    expect(route.status).toBe(201);
    await get(`/api/routes/${route.body.id}`);
    expect((await get(`/api/routes/${route.body.id}`)).headers['x-cache']).toBe('HIT');
    expect((await t.request('DELETE', `/api/loads/${load.body.id}`, { token: dispatcher })).status).toBe(204);
    expect((await get(`/api/routes/${route.body.id}`)).status).toBe(404);
  });

  it("clears a user's profile when a driver is linked to that user", async () => {
    const email = `new-driver-${kind}@freight.local`;
    const [user] = await t.dataSource.query(
      `INSERT INTO users (email, password_hash, name, role) VALUES ($1, $2, 'New Driver', 'driver') RETURNING id`,
      [email, await hashPassword('driver-pass-1')],
    );
    const login = await t.request('POST', '/api/auth/login', { body: { email, password: 'driver-pass-1' } });
    const own = login.body.accessToken as string;
    expect(JSON.parse((await get('/api/profile', own)).body.toString()).driverId).toBeNull();
    expect((await get('/api/profile', own)).headers['x-cache']).toBe('HIT');
    const created = await t.request('POST', '/api/drivers', {
      token: dispatcher,
      body: { userId: user.id, name: 'New Driver', licenseNumber: `CDL-${kind}-1` },
    });
    expect(created.status).toBe(201);
    const after = await get('/api/profile', own);
    expect(after.headers['x-cache']).toBe('MISS');
    expect(JSON.parse(after.body.toString()).driverId).toBe(created.body.id);
  });

  it('never stores a result read before a write once that write has been invalidated (the race)', async () => {
    const store = t.app.get<ResponseStore>(RESPONSE_STORE);
    const load = (await t.request('GET', '/api/loads?status=posted&limit=1', { token: dispatcher })).body.data[0];
    const path = `/api/loads/${load.id}`;
    // Hold the GET between its database read and its store, then commit a write meanwhile.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let reached!: () => void;
    const atStore = new Promise<void>((r) => (reached = r));
    const original = store.store.bind(store);
    const spy = jest.spyOn(store, 'store').mockImplementationOnce(async (...args) => {
      reached();
      await gate;
      return original(...args);
    });
    try {
      await store.invalidate([`load:${load.id}`]); // start from a miss
      const slowGet = get(path);
      await Promise.race([atStore, new Promise((_, reject) => setTimeout(() => reject(new Error('GET never reached the store')), 5000))]);
      const write = await t.request('PATCH', path, { token: dispatcher, body: { rateCents: 424242 } });
      expect(write.status).toBe(200);
      release();
      const old = JSON.parse((await slowGet).body.toString());
      expect(old.rateCents).not.toBe(424242); // it read before the write: fine to return, not to keep
      const after = await get(path);
      expect(JSON.parse(after.body.toString()).rateCents).toBe(424242);
    } finally {
      spy.mockRestore();
    }
  });
});
