import { parsePrometheusText, sumSamples } from '../src/metrics/prometheus-text';
import { newLoadBody } from './loads-fixtures';
import { startTestRedis, TestRedis } from './helpers/redis';
import { ReplicatedPostgres, startReplicatedPostgres } from './helpers/streaming-replica';
import { startTestApp, TestApp } from './helpers/test-app';

interface ReplicaHealth {
  name: string;
  state: string;
  lagMs: number | null;
}

/** Generous: conditions, not timings. A busy 2-core machine may take its time. */
const WAIT_MS = 60_000;

async function until(what: string, check: () => Promise<boolean>, timeoutMs = WAIT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** db_reads_total of one instance, for one target and (optionally) reason. */
async function reads(t: TestApp, target: string, reason?: string): Promise<number> {
  const response = await t.request('GET', '/metrics');
  expect(response.status).toBe(200);
  return sumSamples(parsePrometheusText(response.text), 'db_reads_total', { target, ...(reason ? { reason } : {}) }) ?? 0;
}

async function replicaHealth(t: TestApp): Promise<ReplicaHealth> {
  const response = await t.request('GET', '/api/health');
  expect(response.status).toBe(200);
  return response.body.details.replicas.replicas[0];
}

let keys = 0;
/** A list URL no one has asked for yet (a cache miss: a fill), over loads-status:posted. */
function freshListUrl(): string {
  const createdFrom = new Date(Date.UTC(2000, 0, 1) + ++keys * 1000).toISOString();
  return `/api/loads?status=posted&limit=5&createdFrom=${encodeURIComponent(createdFrom)}`;
}

describe('PostgreSQL read replicas (a real streaming replica)', () => {
  let pg: ReplicatedPostgres;
  let redis: TestRedis;
  let a: TestApp;
  let b: TestApp;
  let token: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    pg = await startReplicatedPostgres();
    await pg.query('primary', 'postgres', 'CREATE DATABASE freight');
    redis = await startTestRedis();
    env = {
      REDIS_URL: redis.url,
      DATABASE_REPLICA_URLS: pg.replicaUrl('freight'),
      // The paused replica stays in rotation: what keeps fills off it is the WAL position check.
      DATABASE_REPLICA_MAX_LAG_MS: '3600000',
      DATABASE_REPLICA_POLL_MS: '100',
    };
    a = await startTestApp(env, { databaseUrl: pg.primaryUrl('freight') });
    b = await startTestApp(env, { databaseUrl: pg.primaryUrl('freight'), seed: false });
    token = await a.login('dispatcher@freight.local');
    await pg.waitForReplay();
  }, 120_000);

  afterAll(async () => {
    await b?.close();
    await a?.close();
    await redis?.stop();
    await pg?.stop();
  });

  async function createLoad(): Promise<string> {
    const created = await a.request('POST', '/api/loads', { token, body: newLoadBody() });
    expect(created.status).toBe(201);
    return created.body.id as string;
  }

  /** Fresh list fills through B until one reads the replica. */
  async function untilAFillReadsTheReplica(): Promise<void> {
    const before = await reads(b, 'replica-1', 'fill');
    await until('a cache fill through B reads the replica', async () => {
      expect((await b.request('GET', freshListUrl(), { token })).status).toBe(200);
      return (await reads(b, 'replica-1', 'fill')) > before;
    });
  }

  it('fills read the replica once it has replayed the writes behind their generations', async () => {
    // A write marks the posted lists' generation with the primary's WAL position.
    await createLoad();
    await untilAFillReadsTheReplica();
    expect((await replicaHealth(b)).state).toBe('in-rotation');
  });

  it('replay paused: a PATCH through A, GETs through B show the new value, 0 stale reads in 1,000 operations', async () => {
    const ids = [await createLoad(), await createLoad(), await createLoad(), await createLoad()];
    const latest = new Map<string, number>();
    for (const id of ids) latest.set(id, 18000);
    await pg.waitForReplay();
    const notCaughtUpBefore = await reads(b, 'primary', 'not-caught-up');
    await pg.pauseReplay();

    let stale = 0;
    let writes = 0;
    for (let op = 0; op < 1000; op++) {
      const id = ids[Math.floor(op / 4) % ids.length];
      if (op % 4 === 0) {
        const weightKg = 1000 + op;
        const patched = await a.request('PATCH', `/api/loads/${id}`, { token, body: { weightKg } });
        expect(patched.status).toBe(200);
        latest.set(id, weightKg);
        writes++;
      } else {
        const read = await b.request('GET', `/api/loads/${id}`, { token });
        expect(read.status).toBe(200);
        if (read.body.weightKg !== latest.get(id)) stale++;
      }
    }
    expect(writes).toBe(250);
    expect(stale).toBe(0);

    // The trap was there: the replica still has none of those writes, and was in rotation all
    // along; the fills went to the primary because it had not replayed their writes.
    const onReplica = await pg.query<{ id: string; weight_kg: number }>('replica', 'freight', 'SELECT id, weight_kg FROM loads WHERE id = ANY($1)', [
      ids,
    ]);
    expect(onReplica.map((row) => row.weight_kg)).toEqual(ids.map(() => 18000));
    expect((await replicaHealth(b)).state).toBe('in-rotation');
    expect(await reads(b, 'primary', 'not-caught-up')).toBeGreaterThan(notCaughtUpBefore);
  });

  it('replay resumed: fills go back to the replica', async () => {
    await pg.resumeReplay();
    await pg.waitForReplay();
    await untilAFillReadsTheReplica();
  });

  it('a stopped replica leaves the rotation, reads keep answering from the primary, and it comes back once restarted', async () => {
    const id = await createLoad();
    await pg.stopReplica();
    await until('B reports the replica down', async () => (await replicaHealth(b)).state === 'down');
    const fallbackBefore = (await reads(b, 'primary', 'none-in-rotation')) + (await reads(b, 'primary', 'fallback'));
    for (let i = 0; i < 20; i++) {
      const weightKg = 2000 + i;
      expect((await a.request('PATCH', `/api/loads/${id}`, { token, body: { weightKg } })).status).toBe(200);
      const read = await b.request('GET', `/api/loads/${id}`, { token });
      expect(read.status).toBe(200);
      expect(read.body.weightKg).toBe(weightKg);
      expect((await b.request('GET', freshListUrl(), { token })).status).toBe(200);
    }
    expect((await reads(b, 'primary', 'none-in-rotation')) + (await reads(b, 'primary', 'fallback'))).toBeGreaterThan(fallbackBefore);

    await pg.startReplica();
    await until('B reports the replica in rotation again', async () => (await replicaHealth(b)).state === 'in-rotation');
    await pg.waitForReplay();
    await untilAFillReadsTheReplica();
  });

  it('a bounded route (analytics) may read the lagging replica within its bound; exact routes stay exact meanwhile', async () => {
    const admin = await b.login('admin@freight.local');
    const postedToday = async (server: 'primary' | 'replica', day: string) =>
      (
        await pg.query<{ n: number }>(
          server,
          'freight',
          "SELECT count(*)::int AS n FROM loads WHERE status = 'posted' AND created_at >= $1::date AND created_at < $1::date + 1",
          [day],
        )
      )[0].n;

    // Attempts: if this machine was so slow that the replica fell behind the route's lag
    // share (15 s of analytics' 60) before the read, catch up and try again.
    let servedByReplica = false;
    for (let attempt = 0; attempt < 3 && !servedByReplica; attempt++) {
      await pg.waitForReplay();
      await pg.pauseReplay();
      const id = await createLoad();
      const today = new Date().toISOString().slice(0, 10);
      const onPrimary = await postedToday('primary', today);
      const onReplica = await postedToday('replica', today);
      expect(onReplica).toBe(onPrimary - 1);

      const before = await reads(b, 'replica-1', 'bounded');
      // One cache key per attempt: analytics is cached per user and query.
      const user = attempt === 0 ? admin : await b.login(attempt === 1 ? 'dispatcher2@freight.local' : 'dispatcher@freight.local');
      const report = await b.request('GET', `/api/analytics?from=${today}&to=${today}`, { token: user });
      expect(report.status).toBe(200);
      servedByReplica = (await reads(b, 'replica-1', 'bounded')) > before;
      // Served by the replica, it shows the replica's figure (without the new load); by the
      // primary, the primary's.
      expect(report.body.loadsByStatus.posted).toBe(servedByReplica ? onReplica : onPrimary);

      const detail = await b.request('GET', `/api/loads/${id}`, { token });
      expect(detail.status).toBe(200);
      expect(detail.body.id).toBe(id);
      await pg.resumeReplay();
    }
    expect(servedByReplica).toBe(true);
  });

  it('a replica further behind than DATABASE_REPLICA_MAX_LAG_MS leaves the rotation and comes back by itself', async () => {
    const c = await startTestApp({ ...env, DATABASE_REPLICA_MAX_LAG_MS: '300' }, { databaseUrl: pg.primaryUrl('freight'), seed: false });
    try {
      await pg.waitForReplay();
      await until('C has the replica in rotation', async () => (await replicaHealth(c)).state === 'in-rotation');
      await pg.pauseReplay();
      await createLoad();
      await until('C reports the replica lagging', async () => (await replicaHealth(c)).state === 'lagging');
      const lagging = await replicaHealth(c);
      expect(lagging.lagMs).toBeGreaterThan(300);
      // Out of rotation: C's fills read the primary, and say why.
      const before = await reads(c, 'primary', 'none-in-rotation');
      expect((await c.request('GET', freshListUrl(), { token })).status).toBe(200);
      expect(await reads(c, 'primary', 'none-in-rotation')).toBeGreaterThan(before);

      await pg.resumeReplay();
      await until('C has the replica back in rotation', async () => (await replicaHealth(c)).state === 'in-rotation');
    } finally {
      await pg.resumeReplay();
      await c.close();
    }
  });
});
