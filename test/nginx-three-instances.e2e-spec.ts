import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { freePort } from '../src/database/embedded-postgres';
import { DEMO_LOGINS } from '../src/database/seeding/demo-data';
import { newLoadBody } from './loads-fixtures';
import { AppProcess, startAppProcess } from './helpers/app-process';
import { createTestDatabase } from './helpers/database';
import { RunningNginx, startNginx } from './helpers/nginx';
import { startTestRedis, TestRedis } from './helpers/redis';

/**
 * Three instances of the app (child processes, as main.ts runs them) sharing one PostgreSQL and
 * one real Redis, behind Debian's nginx running docker/nginx/nginx.conf on loopback: every
 * request below goes through nginx, so reads land on other instances than the writes before them.
 */

interface Reply {
  status?: number;
  /** A socket error (ECONNRESET, ...): no answer at all. */
  error?: string;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** One request through nginx over the given keep-alive agent; never rejects. */
function send(
  port: number,
  agent: Agent,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (body) headers['content-type'] = 'application/json';
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, method, path, agent, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text }));
      res.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message, headers: {}, text }));
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message, headers: {}, text: '' }));
    req.end(body);
  });
}

const json = <T>(reply: Reply): T => JSON.parse(reply.text) as T;

async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The access log's answers by request id: which instance (upstream) served it, every one tried. */
function upstreamsById(accessLog: string): Map<string, string> {
  const byId = new Map<string, string>();
  for (const line of accessLog.split('\n')) {
    const match = / upstream=(\S+(?:, \S+)*) upstream_status=.* id=(\S+)$/.exec(line);
    if (match) byId.set(match[2], match[1]);
  }
  return byId;
}

/** The per-address login quota: the suite's own logins plus the forged-address check fit in it. */
const LOGIN_PER_IP = 15;
const USERS = [
  'dispatcher@freight.local',
  'dispatcher2@freight.local',
  'driver1@freight.local',
  'driver2@freight.local',
  'driver3@freight.local',
] as const;

describe('three instances behind nginx', () => {
  let database: { url: string; drop(): Promise<void> };
  let redis: TestRedis;
  let nginx: RunningNginx;
  let ports: number[] = [];
  const instances: AppProcess[] = [];
  const tokens = new Map<string, string>();
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });

  const instanceEnv = (): Record<string, string> => ({
    DATABASE_URL: database.url,
    REDIS_URL: redis.url,
    // As docker/docker-compose.yml runs them.
    SEED_DEMO_DATA: 'true',
    TRUST_PROXY: '1',
    SHUTDOWN_READINESS_DELAY_MS: '0',
    SHUTDOWN_TIMEOUT_MS: '10000',
    DB_POOL_SIZE: '5',
    RATE_LIMIT_LOGIN_PER_ACCOUNT: '100000',
    RATE_LIMIT_LOGIN_PER_IP: String(LOGIN_PER_IP),
    RATE_LIMIT_WINDOW_SECONDS: '600',
  });
  const via = (method: string, path: string, options: Parameters<typeof send>[4] = {}) => send(nginx.port, agent, method, path, options);

  beforeAll(async () => {
    database = await createTestDatabase();
    redis = await startTestRedis();
    while (ports.length < 3) {
      const port = await freePort();
      if (!ports.includes(port)) ports.push(port);
    }
    // All three at once on the empty database: migrations and demo seeding must not trip over each other.
    const started = await Promise.allSettled(ports.map((port) => startAppProcess(instanceEnv(), port)));
    for (const result of started) if (result.status === 'fulfilled') instances.push(result.value);
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    ports = instances.map((instance) => instance.port);
    nginx = await startNginx(ports);
    for (const email of USERS) {
      const password = DEMO_LOGINS.find((login) => login.email === email)!.password;
      const reply = await via('POST', '/api/auth/login', { body: { email, password } });
      if (reply.status !== 200) throw new Error(`login ${email}: ${reply.status ?? reply.error} ${reply.text}`);
      tokens.set(email, json<{ accessToken: string }>(reply).accessToken);
    }
  }, 120_000);

  afterAll(async () => {
    agent.destroy();
    await nginx?.stop();
    await Promise.all(instances.map((instance) => instance.kill()));
    await redis?.stop();
    await database?.drop();
  });

  const token = (email: (typeof USERS)[number]) => tokens.get(email)!;

  it('spreads requests over the three instances', async () => {
    for (let i = 0; i < 12; i++) expect((await via('GET', '/api/health/ready', { headers: { 'x-request-id': `spread-${i}` } })).status).toBe(200);
    const served = new Set([...upstreamsById(nginx.accessLog())].filter(([id]) => id.startsWith('spread-')).map(([, upstream]) => upstream));
    expect([...served].sort()).toEqual(ports.map((port) => `127.0.0.1:${port}`).sort());
  });

  it('shows every write on the next reads, whichever instance serves them: 0 stale reads', async () => {
    const dispatcher = token('dispatcher@freight.local');
    const loads = json<{ data: Array<{ id: string }> }>(await via('GET', '/api/loads?status=posted&limit=5', { token: dispatcher })).data;
    expect(loads).toHaveLength(5);
    const writes = 100;
    let reads = 0;
    let stale = 0;
    let hits = 0;
    const writer = new Map<number, string>();
    for (let i = 0; i < writes; i++) {
      const load = loads[i % loads.length];
      const weightKg = 20_000 + i;
      const written = await via('PATCH', `/api/loads/${load.id}`, { token: dispatcher, body: { weightKg }, headers: { 'x-request-id': `w-${i}` } });
      expect(written.status).toBe(200);
      writer.set(i, `w-${i}`);
      // Three reads after each write: with round robin over three instances, at least two land
      // elsewhere; the detail twice, so the second can be a hit the first one filled.
      const readPaths = [`/api/loads/${load.id}`, '/api/loads?status=posted&limit=100', `/api/loads/${load.id}`];
      for (const [r, path] of readPaths.entries()) {
        const reply = await via('GET', path, { token: dispatcher, headers: { 'x-request-id': `r-${i}-${r}` } });
        expect(reply.status).toBe(200);
        reads++;
        if (reply.headers['x-cache'] === 'HIT') hits++;
        const body = json<{ id?: string; weightKg?: number; data?: Array<{ id: string; weightKg: number }> }>(reply);
        const seen = body.data ? body.data.find((l) => l.id === load.id)?.weightKg : body.weightKg;
        if (seen !== weightKg) stale++;
      }
    }
    const served = upstreamsById(nginx.accessLog());
    let elsewhere = 0;
    for (let i = 0; i < writes; i++) {
      for (let r = 0; r < 3; r++) if (served.get(`r-${i}-${r}`) !== served.get(`w-${i}`)) elsewhere++;
    }
    console.log(
      `stale reads: ${stale} of ${reads} reads after ${writes} writes; ${elsewhere} reads served by another instance than the write; ${hits} cache hits`,
    );
    expect(stale).toBe(0);
    expect(reads).toBe(writes * 3);
    // The check means something: reads crossed instances, and some came from the shared cache.
    expect(elsewhere).toBeGreaterThan(writes);
    expect(hits).toBeGreaterThan(0);
  });

  it("never serves one user's entries to another: profile, notifications and ETags, concurrently over every instance", async () => {
    const own = new Map<string, { id: string; notifications: string[] }>();
    for (const email of USERS) {
      const profile = json<{ id: string; email: string }>(await via('GET', '/api/profile', { token: token(email) }));
      expect(profile.email).toBe(email);
      const inbox = json<{ data: Array<{ id: string }> }>(await via('GET', '/api/notifications?limit=50', { token: token(email) }));
      own.set(email, { id: profile.id, notifications: inbox.data.map((n) => n.id).sort() });
    }
    // Each user's inbox is their own: the demo data gives some users notifications, and none share one.
    const all = [...own.values()].flatMap((o) => o.notifications);
    expect(all.length).toBeGreaterThan(0);
    expect(new Set(all).size).toBe(all.length);

    const asked = Array.from({ length: 20 }, () => USERS).flat();
    const replies = await Promise.all(
      asked.flatMap((email) => [
        via('GET', '/api/profile', { token: token(email) }).then((reply) => ({ email, kind: 'profile', reply })),
        via('GET', '/api/notifications?limit=50', { token: token(email) }).then((reply) => ({ email, kind: 'inbox', reply })),
      ]),
    );
    const wrong: string[] = [];
    let hits = 0;
    for (const { email, kind, reply } of replies) {
      if (reply.status !== 200) {
        wrong.push(`${email} ${kind}: ${reply.status ?? reply.error}`);
        continue;
      }
      if (reply.headers['x-cache'] === 'HIT') hits++;
      if (kind === 'profile') {
        const body = json<{ id: string; email: string }>(reply);
        if (body.email !== email || body.id !== own.get(email)!.id) wrong.push(`${email} got the profile of ${body.email}`);
      } else {
        const ids = json<{ data: Array<{ id: string }> }>(reply)
          .data.map((n) => n.id)
          .sort();
        if (JSON.stringify(ids) !== JSON.stringify(own.get(email)!.notifications)) wrong.push(`${email} got another inbox: ${ids.join(',')}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(hits).toBeGreaterThan(replies.length / 2);

    // Another user's ETag never earns a 304: each user's entry has its own.
    for (const [a, b] of [
      ['driver1@freight.local', 'driver2@freight.local'],
      ['dispatcher@freight.local', 'dispatcher2@freight.local'],
    ] as const) {
      const etag = String((await via('GET', '/api/profile', { token: token(a) })).headers.etag);
      for (let i = 0; i < 3; i++) {
        const other = await via('GET', '/api/profile', { token: token(b), headers: { 'if-none-match': etag } });
        expect(other.status).toBe(200);
        expect(json<{ email: string }>(other).email).toBe(b);
      }
    }
  });

  it('counts a forged X-Forwarded-For as the address nginx saw: the per-address login limit holds', async () => {
    const outcomes: number[] = [];
    for (let i = 0; i < LOGIN_PER_IP; i++) {
      const reply = await via('POST', '/api/auth/login', {
        body: { email: `nobody-${i}@freight.local`, password: 'wrong-password' },
        headers: { 'x-forwarded-for': `198.51.100.${i + 1}` },
      });
      outcomes.push(reply.status ?? 0);
    }
    // The suite's own logins already used part of 127.0.0.1's quota; a forged address would have had its own.
    expect(outcomes.slice(-1)).toEqual([429]);
    expect(outcomes.filter((status) => status !== 401 && status !== 429)).toEqual([]);
  });

  it('loses no request while the three instances restart one at a time under load', async () => {
    const dispatcher = token('dispatcher@freight.local');
    const loads = json<{ data: Array<{ id: string }> }>(await via('GET', '/api/loads?status=posted&limit=4', { token: dispatcher })).data;
    interface Outcome {
      op: string;
      status?: number;
      error?: string;
      id: string;
    }
    const outcomes: Outcome[] = [];
    const expected: Record<string, number> = { list: 200, detail: 200, profile: 200, inbox: 200, patch: 200, create: 201 };
    let stopping = false;
    let sequence = 0;
    const loop = async (index: number) => {
      // One connection per loop to nginx, kept alive, as a client library would.
      const own = new Agent({ keepAlive: true, maxSockets: 1 });
      const email = USERS[index % USERS.length];
      for (let n = index; !stopping; n++) {
        const id = `roll-${sequence++}`;
        const load = loads[n % loads.length];
        const ops: Array<[string, () => Promise<Reply>]> = [
          ['list', () => send(nginx.port, own, 'GET', '/api/loads?limit=20', { token: dispatcher, headers: { 'x-request-id': id } })],
          ['detail', () => send(nginx.port, own, 'GET', `/api/loads/${load.id}`, { token: dispatcher, headers: { 'x-request-id': id } })],
          ['profile', () => send(nginx.port, own, 'GET', '/api/profile', { token: token(email), headers: { 'x-request-id': id } })],
          // PATCH: nginx does not resend it once sent; the instance it reached must answer it.
          [
            'patch',
            () =>
              send(nginx.port, own, 'PATCH', `/api/loads/${load.id}`, {
                token: dispatcher,
                body: { weightKg: 15_000 + n },
                headers: { 'x-request-id': id },
              }),
          ],
          ['inbox', () => send(nginx.port, own, 'GET', '/api/notifications', { token: token(email), headers: { 'x-request-id': id } })],
          [
            'create',
            () =>
              send(nginx.port, own, 'POST', '/api/loads', {
                token: dispatcher,
                body: newLoadBody({ weightKg: 9_000 + n }),
                headers: { 'x-request-id': id, 'idempotency-key': randomUUID() },
              }),
          ],
        ];
        const [op, run] = ops[n % ops.length];
        const reply = await run();
        outcomes.push({ op, status: reply.status, error: reply.error, id });
        // A steady stream, not a flood: on two cores the restarting instance needs the CPU too.
        await new Promise((r) => setTimeout(r, 20));
      }
      own.destroy();
    };
    const loops = Array.from({ length: 3 }, (_, index) => loop(index));
    const answered = () => outcomes.length;

    const restarts: string[] = [];
    try {
      await waitFor('load before the first restart', () => answered() >= 50);
      for (let i = 0; i < instances.length; i++) {
        const old = instances[i];
        const sigtermAt = Date.now();
        const code = await old.stop();
        expect({ instance: i, exitCode: code }).toEqual({ instance: i, exitCode: 0 });
        const exitedAt = Date.now();
        const replacement = await startAppProcess(instanceEnv(), ports[i]);
        instances[i] = replacement;
        const listeningAt = Date.now();
        // Back in rotation once nginx sends it a request (at most fail_timeout after its last failure).
        const upstream = `127.0.0.1:${ports[i]}`;
        const before = answered();
        await waitFor(`instance ${i} back in nginx's rotation`, () =>
          [...upstreamsById(nginx.accessLog())].some(([id, u]) => u === upstream && Number(id.slice(5)) >= before && id.startsWith('roll-')),
        );
        restarts.push(
          `instance ${i}: pid ${old.pid} -> ${replacement.pid}: exit ${exitedAt - sigtermAt} ms after SIGTERM, ` +
            `new one listening ${listeningAt - exitedAt} ms later, served through nginx ${Date.now() - listeningAt} ms after that`,
        );
      }
      const after = answered();
      await waitFor('load after the last restart', () => answered() >= after + 50);
    } finally {
      stopping = true;
      await Promise.all(loops);
    }

    const failed = outcomes.filter((o) => o.error !== undefined || o.status !== expected[o.op]);
    const served = upstreamsById(nginx.accessLog());
    const retried = outcomes.filter((o) => (served.get(o.id) ?? '').includes(','));
    const byOp = Object.entries(outcomes.reduce<Record<string, number>>((counts, o) => ({ ...counts, [o.op]: (counts[o.op] ?? 0) + 1 }), {})).map(
      ([op, count]) => `${op} ${count}`,
    );
    console.log(
      `rolling restart: ${outcomes.length} requests (${byOp.join(', ')}), ${failed.length} failed, ` +
        `${retried.length} moved by nginx to another instance\n  ${restarts.join('\n  ')}` +
        (failed.length
          ? `\n  failed: ${JSON.stringify(failed.slice(0, 20))}\n  served: ${failed
              .slice(0, 20)
              .map((f) => served.get(f.id))
              .join(' | ')}`
          : ''),
    );
    expect(failed).toEqual([]);
    // Nothing was lost in the drain, and the restarts really happened under load.
    expect(outcomes.length).toBeGreaterThan(200);
    expect(restarts).toHaveLength(3);
  }, 150_000);
});
