import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import { decodeCursor } from '../src/common/cursor';
import { insertDriver, newLoadBody } from './loads-fixtures';
import { rawRequest } from './helpers/raw-http';
import { startTestRedis, TestRedis } from './helpers/redis';
import { startTestApp, TestApp } from './helpers/test-app';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface LoadRow {
  id: string;
  status: string;
  rateCents: number;
  createdAt: string;
}
interface Page {
  data: LoadRow[];
  nextCursor: string | null;
}

/**
 * Load lists depend on the created_at range they show (src/loads/loads.cache.ts): a page with a
 * cursor or createdTo is cleared only by writes of loads created inside its range, so the
 * lifecycle of brand-new loads leaves every page 2 cached. Real HTTP, PostgreSQL and (in the
 * "redis" run) redis-server.
 */
describe.each(['memory', 'redis'] as const)('load lists cached by created_at range (%s store)', (kind) => {
  let redis: TestRedis | undefined;
  let t: TestApp;
  let dispatcher: string;

  beforeAll(async () => {
    if (kind === 'redis') redis = await startTestRedis();
    t = await startTestApp(redis ? { REDIS_URL: redis.url } : {});
    dispatcher = await t.login('dispatcher@freight.local');
  });
  afterAll(async () => {
    await t?.close();
    await redis?.stop();
  });

  const get = (path: string) => rawRequest(t.baseUrl + path, { authorization: `Bearer ${dispatcher}` });
  const cacheOf = async (path: string) => String((await get(path)).headers['x-cache']);
  const pageOf = async (path: string): Promise<Page> => {
    const response = await get(path);
    expect(response.status).toBe(200);
    return JSON.parse(response.body.toString()) as Page;
  };
  /** Asks until cached: a first MISS stores the entry, the next read is a HIT. */
  const warm = async (...paths: string[]) => {
    for (const path of paths) {
      await get(path);
      expect(await cacheOf(path)).toBe('HIT');
    }
  };
  const write = async (method: string, path: string, body?: unknown) => {
    const response = await t.request(method, path, { token: dispatcher, body });
    expect([200, 201]).toContain(response.status);
    return response.body as LoadRow;
  };
  const assign = async (loadId: string) => write('POST', `/api/loads/${loadId}/assign`, { driverId: (await insertDriver(t)).driverId });

  /** Page 1 and page 2 of a filter; page 2's cursor must lie well before now (the demo data's spacing). */
  async function pages(filter: string): Promise<{ page1: string; page2: string }> {
    const page1 = `/api/loads?${filter}`;
    const { nextCursor } = await pageOf(page1);
    expect(nextCursor).not.toBeNull();
    expect(decodeCursor(nextCursor!).createdAt.getTime()).toBeLessThan(Date.now() - 2 * HOUR);
    return { page1, page2: `${page1}&cursor=${encodeURIComponent(nextCursor!)}` };
  }

  /** A posted load created long ago, put there behind the API's back (the API cannot backdate). */
  async function insertOldLoad(createdAt: Date): Promise<string> {
    const [row] = await t.dataSource.query<Array<{ id: string }>>(
      `INSERT INTO loads (reference, origin_city, origin_lat, origin_lng, destination_city, destination_lat, destination_lng,
                          pickup_window_start, pickup_window_end, delivery_window_start, delivery_window_end,
                          weight_kg, rate_cents, status, driver_id, created_by_id, created_at, updated_at)
       SELECT $1, origin_city, origin_lat, origin_lng, destination_city, destination_lat, destination_lng,
              $2::timestamptz + interval '1 day', $2::timestamptz + interval '1 day 4 hours',
              $2::timestamptz + interval '3 days', $2::timestamptz + interval '3 days 6 hours',
              weight_kg, rate_cents, 'posted', NULL, created_by_id, $2, $2
       FROM loads ORDER BY created_at LIMIT 1
       RETURNING id`,
      [`OLD-${randomUUID().slice(0, 8)}`, createdAt.toISOString()],
    );
    return row.id;
  }

  it("keeps page 2 of a status list cached through a new load's lifecycle, while page 1 is cleared", async () => {
    const posted = await pages('status=posted&limit=5');
    const assigned = await pages('status=assigned,in_transit&limit=1');
    await warm(posted.page1, posted.page2, assigned.page2);

    const created = await write('POST', '/api/loads', newLoadBody());
    expect(await cacheOf(posted.page1)).toBe('MISS');
    await assign(created.id);
    await write('POST', `/api/loads/${created.id}/pickup`);

    expect(await cacheOf(posted.page2)).toBe('HIT');
    expect(await cacheOf(assigned.page2)).toBe('HIT');
    expect((await pageOf(posted.page1)).data.map((load) => load.id)).not.toContain(created.id);
  });

  it('clears page 2 when a load on it changes or moves, and shows the change', async () => {
    const posted = await pages('status=posted&limit=4');
    const every = await pages('limit=4');
    const delivered = await pages('status=delivered&limit=3');
    await warm(posted.page2, every.page2, delivered.page2);

    const [onPage2] = (await pageOf(posted.page2)).data;
    await write('PATCH', `/api/loads/${onPage2.id}`, { rateCents: 123_456 });
    const changed = await get(posted.page2);
    expect(changed.headers['x-cache']).toBe('MISS');
    expect((JSON.parse(changed.body.toString()) as Page).data.find((load) => load.id === onPage2.id)?.rateCents).toBe(123_456);
    // Another status, in the same created_at range: not cleared.
    expect(await cacheOf(delivered.page2)).toBe('HIT');

    await warm(posted.page2, every.page2);
    await assign(onPage2.id);
    const moved = await get(posted.page2);
    expect(moved.headers['x-cache']).toBe('MISS');
    expect((JSON.parse(moved.body.toString()) as Page).data.map((load) => load.id)).not.toContain(onPage2.id);
    expect(await cacheOf(every.page2)).toBe('MISS');
    expect(await cacheOf(delivered.page2)).toBe('HIT');
  });

  it('clears the pages and createdFrom/createdTo lists whose range holds an old load that moves, and only those', async () => {
    const oldAt = new Date('2021-03-04T05:06:07.890Z');
    const oldId = await insertOldLoad(oldAt);
    const posted = await pages('status=posted&limit=3');
    const around = `/api/loads?status=posted&createdFrom=2021-03-01T00:00:00Z&createdTo=2021-03-31T00:00:00Z`;
    const before = `/api/loads?status=posted&createdTo=2021-03-04T04:00:00Z`;
    const after = `/api/loads?status=posted&createdFrom=2021-03-04T07:00:00Z&createdTo=${new Date(Date.now() - DAY).toISOString()}`;
    const recent = `/api/loads?status=posted&createdTo=${new Date(Date.now() - DAY).toISOString()}&limit=2`;
    expect((await pageOf(around)).data.map((load) => load.id)).toEqual([oldId]);
    await warm(posted.page2, around, before, after, recent);

    // A new load is created now: after every one of these ranges.
    const created = await write('POST', '/api/loads', newLoadBody());
    expect({
      page2: await cacheOf(posted.page2),
      around: await cacheOf(around),
      before: await cacheOf(before),
      after: await cacheOf(after),
      recent: await cacheOf(recent),
    }).toEqual({ page2: 'HIT', around: 'HIT', before: 'HIT', after: 'HIT', recent: 'HIT' });
    await assign(created.id);

    // The old load moves: every range holding 2021-03-04T05 is cleared; the others stay.
    await assign(oldId);
    expect({
      page2: await cacheOf(posted.page2),
      around: await cacheOf(around),
      before: await cacheOf(before),
      after: await cacheOf(after),
      recent: await cacheOf(recent),
    }).toEqual({ page2: 'MISS', around: 'MISS', before: 'HIT', after: 'HIT', recent: 'MISS' });
    expect((await pageOf(around)).data).toEqual([]);
  });

  it('clears a list with createdFrom and no upper bound on every write of its status (new loads enter it)', async () => {
    const open = `/api/loads?status=posted&createdFrom=${new Date(Date.now() - 7 * DAY).toISOString()}`;
    await warm(open);
    const created = await write('POST', '/api/loads', newLoadBody());
    const after = await get(open);
    expect(after.headers['x-cache']).toBe('MISS');
    expect((JSON.parse(after.body.toString()) as Page).data[0].id).toBe(created.id);
    await assign(created.id);
  });

  it('refuses filters of a thousand junk values with 400 and makes no generation per value', async () => {
    const junk = Array.from({ length: 1200 }, (_, i) => `x${i}`).join(',');
    const cursor = (await pageOf('/api/loads?status=posted&limit=1')).nextCursor!;
    const keys = async () => {
      if (!redis) return 0;
      const client = createClient({ url: redis.url });
      await client.connect();
      try {
        return await client.dbSize();
      } finally {
        await client.close();
      }
    };
    const before = await keys();
    for (const path of [
      `/api/loads?status=${junk}&cursor=${cursor}&createdFrom=2020-01-01T00:00:00Z`,
      `/api/loads?driverId=${junk}`,
      `/api/drivers?isAvailable=${junk}`,
    ]) {
      for (let i = 0; i < 2; i++)
        expect({ path: path.slice(0, 40), status: (await get(path)).status }).toEqual({ path: path.slice(0, 40), status: 400 });
    }
    // The loads lists fall back to one key; the drivers list's 1,200 values exceed the bound and
    // the cache stays out of the request. Before, the first path made ~50,000 generations.
    expect((await keys()) - before).toBeLessThanOrEqual(4);
  });

  it('answers an invalid cursor or date with 400, never 500, however often it is asked', async () => {
    const forged = Buffer.from(JSON.stringify(['2026-01-01T00:00:00.000Z', 'not-a-uuid'])).toString('base64url');
    for (const path of [
      '/api/loads?status=posted&cursor=%21%21%21',
      `/api/loads?status=posted&cursor=${forged}`,
      '/api/loads?status=posted&cursor=a&cursor=b',
      '/api/loads?status=posted&createdTo=yesterday',
      '/api/loads?status=posted&createdFrom=2026-02-01T00:00:00Z&createdTo=2026-01-01T00:00:00Z',
    ]) {
      for (let i = 0; i < 2; i++) expect({ path, status: (await get(path)).status }).toEqual({ path, status: 400 });
    }
  });
});
