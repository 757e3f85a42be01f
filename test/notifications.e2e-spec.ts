import { EventEmitter2 } from '@nestjs/event-emitter';
import { randomUUID } from 'node:crypto';
import { DomainEvents } from '../src/common/domain-events';
import type { LoadStatusChangedEvent } from '../src/loads/loads.events';
import type { NotificationsChangedEvent } from '../src/notifications/notifications.events';
import { LoadStatus } from '../src/loads/load-status';
import { startTestApp, TestApp } from './helpers/test-app';

interface NotificationBody {
  id: string;
  type: string;
  title: string;
  message: string;
  loadId: string | null;
  readAt: string | null;
  createdAt: string;
}

describe('Notifications (/api/notifications)', () => {
  let t: TestApp;
  let dispatcher: string;
  let driver1: string;
  let driver2: string;

  beforeAll(async () => {
    // The response cache stays on, as in production: every list read after a write must
    // already show that write.
    t = await startTestApp();
    [dispatcher, driver1, driver2] = await Promise.all([
      t.login('dispatcher@freight.local'),
      t.login('driver1@freight.local'),
      t.login('driver2@freight.local'),
    ]);
  });
  afterAll(() => t.close());

  async function userId(email: string): Promise<string> {
    const [row] = await t.dataSource.query('SELECT id FROM users WHERE email = $1', [email]);
    return row.id;
  }

  async function listAll(token: string, query = ''): Promise<NotificationBody[]> {
    const response = await t.request('GET', `/api/notifications?limit=100${query}`, { token });
    expect(response.status).toBe(200);
    return response.body.data;
  }

  async function addNotification(email: string, createdAt: string, read = false): Promise<string> {
    const [row] = await t.dataSource.query(
      `INSERT INTO notifications (user_id, type, title, message, read_at, created_at)
       VALUES ($1, 'load_status_changed', 'Test', 'Test message', $3, $2) RETURNING id`,
      [await userId(email), createdAt, read ? createdAt : null],
    );
    // As NotificationsService does with its insert: cached lists of that user are cleared.
    const created: NotificationsChangedEvent = { userIds: [await userId(email)] };
    await t.app.get(DomainEvents).transaction(async (_manager, events) => events.emit('notification.created', created));
    return row.id;
  }

  it('needs a token', async () => {
    const response = await t.request('GET', '/api/notifications');
    expect(response.status).toBe(401);
    expect(response.body.statusCode).toBe(401);
  });

  it("lists only the caller's notifications, newest first, in the documented shape", async () => {
    const [{ count }] = await t.dataSource.query('SELECT count(*)::int AS count FROM notifications WHERE user_id = $1', [
      await userId('driver1@freight.local'),
    ]);
    const response = await t.request('GET', '/api/notifications?limit=100', { token: driver1 });
    expect(response.status).toBe(200);
    expect(response.body.limit).toBe(100);
    expect(response.body.nextCursor).toBeNull();
    const data: NotificationBody[] = response.body.data;
    expect(data.length).toBe(count);
    expect(count).toBeGreaterThan(0);
    expect(Object.keys(data[0]).sort()).toEqual(['createdAt', 'id', 'loadId', 'message', 'readAt', 'title', 'type']);
    expect(data.every((n) => n.type === 'load_assigned')).toBe(true);
    const times = data.map((n) => Date.parse(n.createdAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('filters by unread=true and unread=false', async () => {
    await addNotification('driver1@freight.local', new Date().toISOString());
    const all = await listAll(driver1);
    const unread = await listAll(driver1, '&unread=true');
    const read = await listAll(driver1, '&unread=false');
    expect(unread.length).toBeGreaterThan(0);
    expect(read.length).toBeGreaterThan(0);
    expect(unread.every((n) => n.readAt === null)).toBe(true);
    expect(read.every((n) => n.readAt !== null)).toBe(true);
    expect(unread.length + read.length).toBe(all.length);
  });

  it.each(['unread=yes', 'unread=1', 'limit=0', 'limit=101', 'limit=abc', 'limit=2.5', 'foo=bar'])('answers 400 for the query %s', async (query) => {
    const response = await t.request('GET', `/api/notifications?${query}`, { token: driver1 });
    expect(response.status).toBe(400);
    expect(response.body.details[0].field).toBe(query.split('=')[0]);
  });

  it('pages with a cursor through every notification exactly once, ties on createdAt included', async () => {
    // Three notifications sharing one timestamp: the id breaks the tie.
    const tie = '2020-01-01T00:00:00.000Z';
    await Promise.all([0, 1, 2].map(() => addNotification('dispatcher@freight.local', tie)));
    const all = await listAll(dispatcher);
    expect(all.length).toBeGreaterThan(25);

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const response = await t.request('GET', `/api/notifications?limit=7${query}`, { token: dispatcher });
      expect(response.status).toBe(200);
      expect(response.body.data.length).toBeLessThanOrEqual(7);
      seen.push(...response.body.data.map((n: NotificationBody) => n.id));
      cursor = response.body.nextCursor;
      pages += 1;
    } while (cursor && pages < 50);
    expect(seen).toEqual(all.map((n) => n.id));
    expect(pages).toBe(Math.ceil(all.length / 7));
  });

  it('defaults to 20 per page', async () => {
    const response = await t.request('GET', '/api/notifications', { token: dispatcher });
    expect(response.status).toBe(200);
    expect(response.body.limit).toBe(20);
    expect(response.body.data).toHaveLength(20);
    expect(typeof response.body.nextCursor).toBe('string');
  });

  it.each([
    ['not base64', '!!!'],
    ['garbage', 'abcdef'],
    ['wrong shape', Buffer.from(JSON.stringify({ a: 1 })).toString('base64url')],
    ['bad id', Buffer.from(JSON.stringify(['2026-01-01T00:00:00.000Z', "x' OR 1=1"])).toString('base64url')],
  ])('answers 400 for a forged cursor (%s)', async (_, cursor) => {
    const response = await t.request('GET', `/api/notifications?cursor=${encodeURIComponent(cursor)}`, { token: dispatcher });
    expect(response.status).toBe(400);
    expect(response.body.details).toEqual([{ field: 'cursor', messages: ['cursor is not a valid pagination cursor'] }]);
  });

  it('marks one notification read, keeps its first readAt, and drops it from the unread list', async () => {
    const id = await addNotification('driver1@freight.local', new Date().toISOString());
    // Read (and cache) the unread list first, so the check below would see a stale copy.
    expect((await listAll(driver1, '&unread=true')).map((n) => n.id)).toContain(id);
    const first = await t.request('PATCH', `/api/notifications/${id}/read`, { token: driver1 });
    expect(first.status).toBe(200);
    expect(first.body.id).toBe(id);
    expect(first.body.readAt).toEqual(expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/));

    const again = await t.request('PATCH', `/api/notifications/${id}/read`, { token: driver1 });
    expect(again.status).toBe(200);
    expect(again.body.readAt).toBe(first.body.readAt);

    const unread = await listAll(driver1, '&unread=true');
    expect(unread.map((n) => n.id)).not.toContain(id);
  });

  it("never shows or marks another user's notification: 404 as for a missing one", async () => {
    const id = await addNotification('driver1@freight.local', new Date().toISOString());
    const theirs = await listAll(driver2);
    expect(theirs.map((n) => n.id)).not.toContain(id);

    const attempt = await t.request('PATCH', `/api/notifications/${id}/read`, { token: driver2 });
    expect(attempt.status).toBe(404);
    const missing = await t.request('PATCH', `/api/notifications/${randomUUID()}/read`, { token: driver2 });
    expect(missing.status).toBe(404);
    expect(attempt.body.message).toBe(missing.body.message);

    const [row] = await t.dataSource.query('SELECT read_at FROM notifications WHERE id = $1', [id]);
    expect(row.read_at).toBeNull();
    // driver2's read-all leaves driver1's notification alone too.
    await t.request('POST', '/api/notifications/read-all', { token: driver2 });
    const [after] = await t.dataSource.query('SELECT read_at FROM notifications WHERE id = $1', [id]);
    expect(after.read_at).toBeNull();
  });

  it('answers 400 for an id that is not a UUID', async () => {
    const response = await t.request('PATCH', '/api/notifications/42/read', { token: driver1 });
    expect(response.status).toBe(400);
    expect(response.body.details).toEqual([{ field: 'id', messages: ['id must be a UUID'] }]);
  });

  it("marks all of the caller's unread notifications read and says how many", async () => {
    const unreadBefore = await listAll(driver1, '&unread=true');
    expect(unreadBefore.length).toBeGreaterThan(0);
    const response = await t.request('POST', '/api/notifications/read-all', { token: driver1 });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ updated: unreadBefore.length });
    expect(await listAll(driver1, '&unread=true')).toEqual([]);
    const again = await t.request('POST', '/api/notifications/read-all', { token: driver1 });
    expect(again.body).toEqual({ updated: 0 });
  });

  it('announces reads with notification.read for the caller', async () => {
    const events = t.app.get(EventEmitter2);
    const received: NotificationsChangedEvent[] = [];
    const listener = (payload: NotificationsChangedEvent) => received.push(payload);
    events.on('notification.read', listener);
    try {
      const id = await addNotification('driver2@freight.local', new Date().toISOString());
      await t.request('PATCH', `/api/notifications/${id}/read`, { token: driver2 });
      await t.request('POST', '/api/notifications/read-all', { token: driver2 });
    } finally {
      events.off('notification.read', listener);
    }
    const driver2Id = await userId('driver2@freight.local');
    expect(received).toEqual([{ userIds: [driver2Id] }, { userIds: [driver2Id] }]);
  });

  describe('created by load events', () => {
    async function postedLoad(): Promise<{ id: string; reference: string; created_by_id: string; created_at: Date }> {
      const [load] = await t.dataSource.query(
        `SELECT id, reference, created_by_id, created_at FROM loads WHERE status = 'posted' ORDER BY created_at LIMIT 1`,
      );
      return load;
    }

    it('load.assigned notifies the driver (load_assigned) and the creator (load_status_changed)', async () => {
      const load = await postedLoad();
      const [driver] = await t.dataSource.query(
        `SELECT d.id, d.user_id FROM drivers d JOIN users u ON u.id = d.user_id WHERE u.email = 'driver3@freight.local'`,
      );
      const events = t.app.get(EventEmitter2);
      const created: NotificationsChangedEvent[] = [];
      const listener = (payload: NotificationsChangedEvent) => created.push(payload);
      events.on('notification.created', listener);
      const payload: LoadStatusChangedEvent = {
        loadId: load.id,
        reference: load.reference,
        createdById: load.created_by_id,
        createdAt: load.created_at,
        previousStatus: LoadStatus.Posted,
        status: LoadStatus.Assigned,
        driverId: driver.id,
        driverUserId: driver.user_id,
        driverAvailabilityChanged: true,
        actorUserId: load.created_by_id,
      };
      try {
        await events.emitAsync('load.assigned', payload);
      } finally {
        events.off('notification.created', listener);
      }
      // emitAsync resolved only after the listener wrote the rows.
      expect(created).toEqual([{ userIds: [driver.user_id, load.created_by_id] }]);

      const driver3 = await t.login('driver3@freight.local');
      const [forDriver] = await listAll(driver3, '&unread=true');
      expect(forDriver).toMatchObject({
        type: 'load_assigned',
        title: 'New load assigned',
        message: `You have been assigned load ${load.reference}`,
        loadId: load.id,
        readAt: null,
      });
      const [forCreator] = await listAll(dispatcher, '&unread=true');
      expect(forCreator).toMatchObject({
        type: 'load_status_changed',
        title: `Load ${load.reference} is assigned`,
        loadId: load.id,
        readAt: null,
      });
    });

    it('load.status_changed notifies the creator only', async () => {
      const load = await postedLoad();
      const [{ count: driverCountBefore }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM notifications WHERE user_id <> $1`, [
        load.created_by_id,
      ]);
      const payload: LoadStatusChangedEvent = {
        loadId: load.id,
        reference: load.reference,
        createdById: load.created_by_id,
        createdAt: load.created_at,
        previousStatus: LoadStatus.Assigned,
        status: LoadStatus.InTransit,
        driverId: null,
        driverUserId: null,
        driverAvailabilityChanged: false,
        actorUserId: load.created_by_id,
      };
      await t.app.get(EventEmitter2).emitAsync('load.status_changed', payload);

      const [newest] = await listAll(dispatcher);
      expect(newest).toMatchObject({
        type: 'load_status_changed',
        title: `Load ${load.reference} is in transit`,
        message: `Load ${load.reference} moved from assigned to in transit`,
        loadId: load.id,
      });
      const [{ count: driverCountAfter }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM notifications WHERE user_id <> $1`, [
        load.created_by_id,
      ]);
      expect(driverCountAfter).toBe(driverCountBefore);
    });
  });

  describe('created by load moves over HTTP', () => {
    it('assign, pickup and deliver notify the driver and the load creator', async () => {
      const [load] = await t.dataSource.query(`SELECT id, reference FROM loads WHERE status = 'posted' ORDER BY created_at DESC LIMIT 1`);
      const [driver] = await t.dataSource.query(
        `SELECT d.id, u.email FROM drivers d JOIN users u ON u.id = d.user_id WHERE d.is_available ORDER BY u.email LIMIT 1`,
      );
      const driverToken = await t.login(driver.email);
      await t.request('POST', '/api/notifications/read-all', { token: driverToken });
      await t.request('POST', '/api/notifications/read-all', { token: dispatcher });

      const assign = await t.request('POST', `/api/loads/${load.id}/assign`, { token: dispatcher, body: { driverId: driver.id } });
      expect(assign.status).toBe(200);
      const forDriver = await listAll(driverToken, '&unread=true');
      expect(forDriver).toEqual([
        expect.objectContaining({ type: 'load_assigned', loadId: load.id, message: `You have been assigned load ${load.reference}` }),
      ]);
      expect(await listAll(dispatcher, '&unread=true')).toEqual([
        expect.objectContaining({ type: 'load_status_changed', loadId: load.id, title: `Load ${load.reference} is assigned` }),
      ]);

      expect((await t.request('POST', `/api/loads/${load.id}/pickup`, { token: driverToken })).status).toBe(200);
      expect((await t.request('POST', `/api/loads/${load.id}/deliver`, { token: driverToken })).status).toBe(200);
      const titles = (await listAll(dispatcher, '&unread=true')).map((n) => n.title);
      expect(titles).toEqual([`Load ${load.reference} is delivered`, `Load ${load.reference} is in transit`, `Load ${load.reference} is assigned`]);
      // The driver hears only of the assignment, not of their own moves.
      expect(await listAll(driverToken, '&unread=true')).toHaveLength(1);
    });
  });
});
