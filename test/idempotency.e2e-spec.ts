import { DomainEvents } from '../src/common/domain-events';
import { IdempotencyStore } from '../src/idempotency/idempotency.store';
import { idempotentRequests } from '../src/idempotency/idempotent-request';
import { newLoadBody } from './loads-fixtures';
import { startTestApp, TestApp } from './helpers/test-app';

async function loadCount(t: TestApp, weightKg: number): Promise<number> {
  const [row] = await t.dataSource.query<Array<{ n: number }>>('SELECT count(*)::int AS n FROM loads WHERE weight_kg = $1', [weightKg]);
  return row.n;
}

describe('Idempotency-Key', () => {
  let t: TestApp;
  let dispatcher: string;
  let admin: string;
  let weight = 10_000;
  /** A body no other test uses, so its rows can be counted. */
  const uniqueLoad = () => newLoadBody({ weightKg: ++weight });

  beforeAll(async () => {
    t = await startTestApp();
    dispatcher = await t.login('dispatcher@freight.local');
    admin = await t.login('admin@freight.local');
  });
  afterAll(() => t.close());

  it('replays the first response to a retry with the same key and body, creating one row', async () => {
    const body = uniqueLoad();
    const headers = { 'idempotency-key': 'create-load-1' };
    const first = await t.request('POST', '/api/loads', { token: dispatcher, body, headers });
    const second = await t.request('POST', '/api/loads', { token: dispatcher, body, headers });

    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.headers.get('content-type')).toMatch(/application\/json/);
    expect(second.body).toEqual(first.body);
    expect(await loadCount(t, body.weightKg as number)).toBe(1);

    // The key's record was written with the response, in the create's own transaction.
    const [record] = await t.dataSource.query('SELECT status, response_status, response_body FROM idempotency_keys WHERE key = $1', [
      'create-load-1',
    ]);
    expect(record).toMatchObject({ status: 'completed', response_status: 201 });
    expect(JSON.parse(record.response_body)).toEqual(first.body);
  });

  it('answers 422 to the same key with a different body, and changes nothing', async () => {
    const headers = { 'idempotency-key': 'create-load-2' };
    expect((await t.request('POST', '/api/loads', { token: dispatcher, body: uniqueLoad(), headers })).status).toBe(201);
    const other = uniqueLoad();
    const reused = await t.request('POST', '/api/loads', { token: dispatcher, body: other, headers });
    expect(reused.status).toBe(422);
    expect(reused.body).toMatchObject({ statusCode: 422, message: expect.stringMatching(/different request/) });
    expect(await loadCount(t, other.weightKg as number)).toBe(0);
  });

  it('of concurrent duplicates, one creates and the others get 409 or the replay', async () => {
    const body = uniqueLoad();
    const headers = { 'idempotency-key': 'create-load-concurrent' };
    const answers = await Promise.all(Array.from({ length: 6 }, () => t.request('POST', '/api/loads', { token: dispatcher, body, headers })));
    const statuses = answers.map((a) => a.status);
    const created = answers.filter((a) => a.status === 201);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    expect(created.filter((a) => a.headers.get('idempotent-replayed') !== 'true')).toHaveLength(1);
    expect(new Set(created.map((a) => a.body.id)).size).toBe(1);
    expect(await loadCount(t, body.weightKg as number)).toBe(1);
    const conflict = answers.find((a) => a.status === 409);
    if (conflict) expect(conflict.body.message).toMatch(/still in progress/);
  });

  it('keeps keys per user: another user with the same key gets a request of their own', async () => {
    const body = uniqueLoad();
    const headers = { 'idempotency-key': 'shared-key' };
    const mine = await t.request('POST', '/api/loads', { token: dispatcher, body, headers });
    const theirs = await t.request('POST', '/api/loads', { token: admin, body, headers });
    expect([mine.status, theirs.status]).toEqual([201, 201]);
    expect(theirs.headers.get('idempotent-replayed')).toBeNull();
    expect(theirs.body.id).not.toBe(mine.body.id);
    expect(await loadCount(t, body.weightKg as number)).toBe(2);
  });

  it('frees the key when the request fails, so a corrected retry goes through', async () => {
    const headers = { 'idempotency-key': 'after-a-failure' };
    const id = (await t.request('POST', '/api/loads', { token: dispatcher, body: uniqueLoad() })).body.id as string;
    // A pickup of a posted load is refused (409): its key is released, not kept.
    const refused = await t.request('POST', `/api/loads/${id}/pickup`, { token: dispatcher, headers });
    expect(refused.status).toBe(409);
    const [left] = await t.dataSource.query('SELECT count(*)::int AS n FROM idempotency_keys WHERE key = $1', ['after-a-failure']);
    expect(left.n).toBe(0);
    const cancelled = await t.request('POST', `/api/loads/${id}/cancel`, { token: dispatcher, headers: { 'idempotency-key': 'cancel-once' } });
    const again = await t.request('POST', `/api/loads/${id}/cancel`, { token: dispatcher, headers: { 'idempotency-key': 'cancel-once' } });
    expect(cancelled.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(cancelled.body);
    // Without the key, the same move is the lifecycle's 409.
    expect((await t.request('POST', `/api/loads/${id}/cancel`, { token: dispatcher })).status).toBe(409);
  });

  it('answers 400 to a malformed key, and runs requests without a key as before', async () => {
    const tooLong = await t.request('POST', '/api/loads', { token: dispatcher, body: uniqueLoad(), headers: { 'idempotency-key': 'k'.repeat(256) } });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.message).toMatch(/at most 255/);
    const body = uniqueLoad();
    expect((await t.request('POST', '/api/loads', { token: dispatcher, body })).status).toBe(201);
    expect((await t.request('POST', '/api/loads', { token: dispatcher, body })).status).toBe(201);
    expect(await loadCount(t, body.weightKg as number)).toBe(2);
  });

  it('applies only to routes marked @Idempotent(): elsewhere the header is ignored, a malformed one too', async () => {
    // The interceptor is attached by the decorator, not globally (a cache hit must not pay for it).
    const headers = { 'idempotency-key': 'k'.repeat(256) };
    const list = await t.request('GET', '/api/loads?limit=1', { token: dispatcher, headers });
    expect(list.status).toBe(200);
    const profile = await t.request('PATCH', '/api/profile', {
      token: dispatcher,
      body: { name: 'Dana D.' },
      headers: { 'idempotency-key': 'profile-1' },
    });
    expect(profile.status).toBe(200);
    const again = await t.request('PATCH', '/api/profile', {
      token: dispatcher,
      body: { name: 'Dana D.' },
      headers: { 'idempotency-key': 'profile-1' },
    });
    expect(again.headers.get('idempotent-replayed')).toBeNull();
    const [user] = await t.dataSource.query(`SELECT id FROM users WHERE email = 'dispatcher@freight.local'`);
    expect(await t.dataSource.query('SELECT key FROM idempotency_keys WHERE user_id = $1 AND key = $2', [user.id, 'profile-1'])).toEqual([]);
  });

  it('lets a key be used again once its record is past retention', async () => {
    const headers = { 'idempotency-key': 'old-key' };
    const body = uniqueLoad();
    expect((await t.request('POST', '/api/loads', { token: dispatcher, body, headers })).status).toBe(201);
    await t.dataSource.query(`UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = 'old-key'`);
    const again = await t.request('POST', '/api/loads', { token: dispatcher, body, headers });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBeNull();
    expect(await loadCount(t, body.weightKg as number)).toBe(2);
  });

  it("records the response inside the write's own transaction: committed together or not at all", async () => {
    const store = t.app.get(IdempotencyStore);
    const events = t.app.get(DomainEvents);
    const [user] = await t.dataSource.query(`SELECT id FROM users WHERE email = 'dispatcher@freight.local'`);
    const record = async (key: string) =>
      (await t.dataSource.query('SELECT status, response_body FROM idempotency_keys WHERE user_id = $1 AND key = $2', [user.id, key]))[0];

    // No interceptor here: only the transaction hook can complete the record.
    const committed = await store.claim(user.id, 'tx-commit', 'hash');
    if (committed.kind !== 'claimed') throw new Error('expected a claim');
    await idempotentRequests.run({ claim: committed.claim, status: 201 }, () => events.transaction(() => Promise.resolve({ done: true })));
    expect(await record('tx-commit')).toEqual({ status: 'completed', response_body: '{"done":true}' });

    const rolledBack = await store.claim(user.id, 'tx-rollback', 'hash');
    if (rolledBack.kind !== 'claimed') throw new Error('expected a claim');
    await expect(
      idempotentRequests.run({ claim: rolledBack.claim, status: 201 }, () =>
        events.transaction(async (manager) => {
          await manager.query('SELECT 1');
          throw new Error('the write failed');
        }),
      ),
    ).rejects.toThrow('the write failed');
    expect(await record('tx-rollback')).toEqual({ status: 'in_flight', response_body: null });
  });

  it('is offered on every POST but login, as the document shows', async () => {
    const document = (await t.request('GET', '/docs-json')).body as {
      paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string }>; responses: Record<string, unknown> }>>;
    };
    const posts = Object.entries(document.paths).flatMap(([path, operations]) => (operations.post ? [{ path, post: operations.post }] : []));
    const withoutKey = posts
      .filter(({ post }) => !post.parameters?.some((p) => p.in === 'header' && p.name === 'Idempotency-Key'))
      .map((p) => p.path);
    // Login changes nothing that a retry could duplicate.
    expect(withoutKey).toEqual(['/api/auth/login']);
    for (const { post } of posts.filter(({ path }) => path !== '/api/auth/login'))
      expect(Object.keys(post.responses)).toEqual(expect.arrayContaining(['409', '422']));
  });
});
