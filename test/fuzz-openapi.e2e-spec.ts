import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { DEMO_LOGINS } from '../src/database/seeding/demo-data';
import { OpenApiDocument, OpenApiOperation, ResponseContract } from './helpers/openapi-fuzz/response-contract';
import { Json, junkBody, junkValue, SchemaArbitraries, ValuePools } from './helpers/openapi-fuzz/schema-arbitraries';
import { startTestRedis, TestRedis } from './helpers/redis';
import { startTestApp, TestApp } from './helpers/test-app';

// Fixed, so a failure replays: FUZZ_SEED=<n> npx jest test/fuzz-openapi.e2e-spec.ts tries another.
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_125);
// Fewer without a token: most answer 401 at the guard.
const REQUESTS_PER_OPERATION = { admin: 40, dispatcher: 40, driver: 40, anonymous: 16 } as const;
const CONCURRENCY = 12;

const CALLERS = ['admin', 'dispatcher', 'driver', 'anonymous'] as const;
type Caller = (typeof CALLERS)[number];
const LOGIN_OF: Record<Exclude<Caller, 'anonymous'>, (typeof DEMO_LOGINS)[number]['email']> = {
  admin: 'admin@freight.local',
  dispatcher: 'dispatcher@freight.local',
  driver: 'driver1@freight.local',
};

type Kind = 'valid' | 'invalid' | 'junk';
type Target = 'path' | 'query' | 'unknownQuery' | 'body';

interface FuzzRequest {
  operation: OpenApiOperation;
  method: string;
  url: string;
  caller: Caller;
  kind: Kind;
  body?: string;
}

interface Failure {
  request: FuzzRequest;
  status: number;
  problem: string;
  response: string;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** The collection a path's {id} names: /api/shipments/{id}/assign -> loads. */
function collectionOf(path: string): string {
  const segment = path.split('/').filter(Boolean)[path.startsWith('/api/') ? 1 : 0];
  return segment === 'shipments' ? 'loads' : segment;
}

/** One seed per operation and caller, so adding an operation does not reshuffle the others. */
function seedFor(operationId: string, caller: Caller): number {
  return createHash('sha256').update(`${SEED}:${operationId}:${caller}`).digest().readInt32LE(0);
}

function queryValue(value: Json): string[] {
  if (value === null) return [];
  if (Array.isArray(value)) return value.flatMap((item) => (item !== null && typeof item === 'object' ? [JSON.stringify(item)] : [String(item)]));
  return [typeof value === 'object' ? JSON.stringify(value) : String(value)];
}

/** A path segment, already encoded, that the URL parser keeps as one segment of the same route. */
const junkSegment = fc.oneof(
  fc
    .oneof(
      fc.string({ minLength: 1, maxLength: 40 }),
      fc.constantFrom('\u0000', 'null', '0', '-1', '💥', "' OR 1=1--", 'x'.repeat(300)),
      fc.uuid({ version: 1 }),
    )
    .filter((s) => s !== '.' && s !== '..' && s.trim() !== '')
    .map(encodeURIComponent),
  // Malformed percent-encoding, as sent.
  fc.constantFrom('%', '%zz', '%E0%A4%A', '%C0%AF', 'a%2'),
);

function requestsFor(
  path: string,
  method: string,
  operation: OpenApiOperation,
  caller: Caller,
  schemas: SchemaArbitraries,
  pools: ValuePools,
): FuzzRequest[] {
  const parameters = operation.parameters ?? [];
  const bodySchema = operation.requestBody?.content['application/json']?.schema;
  const ids = pools.byName[`${collectionOf(path)}Id`] ?? [];

  const pathNames = parameters.filter((p) => p.in === 'path');
  const queryNames = parameters.filter((p) => p.in === 'query');
  // What an invalid request gets wrong: one thing only, so the rest of it can reach deep.
  const targets: Target[] = [
    ...(pathNames.length ? (['path'] as const) : []),
    ...(queryNames.length ? (['query'] as const) : []),
    'unknownQuery',
    ...(bodySchema ? (['body', 'body', 'body'] as const) : []),
  ];

  const request = fc
    .constantFrom<Kind>('valid', 'valid', 'valid', 'valid', 'valid', 'invalid', 'invalid', 'invalid', 'invalid', 'invalid', 'junk', 'junk')
    .chain((kind) => fc.record({ kind: fc.constant(kind), target: fc.constantFrom(...targets) }))
    .chain(({ kind, target }) => {
      const wrong = (part: Target) => kind === 'junk' || (kind === 'invalid' && target === part);
      const pathParameters = pathNames.map((p) => {
        const uuid = fc.uuid({ version: 4 });
        const valid = ids.length ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...ids) }, { weight: 1, arbitrary: uuid }) : uuid;
        return (wrong('path') ? junkSegment : valid).map((v) => [p.name, v] as const);
      });
      const queryParameters = queryNames.map((p) => {
        const valid = schemas.valid(p.schema, p.name);
        return fc.option(
          (wrong('query') ? fc.oneof(valid, junkValue()) : valid).map((v) => [p.name, v] as const),
          { freq: 2 },
        );
      });
      const unknownQuery = wrong('unknownQuery')
        ? fc.array(fc.tuple(fc.string({ minLength: 1, maxLength: 10 }), junkValue()), { minLength: kind === 'junk' ? 0 : 1, maxLength: 2 })
        : fc.constant([]);
      const body = !bodySchema
        ? fc.constant(undefined)
        : kind === 'junk'
          ? junkBody()
          : wrong('body')
            ? schemas.invalid(bodySchema).map((v) => JSON.stringify(v) ?? 'null')
            : schemas.valid(bodySchema).map((v) => JSON.stringify(v));
      return fc.record({
        kind: fc.constant(kind),
        pathParameters: fc.tuple(...pathParameters),
        query: fc.tuple(...queryParameters),
        unknownQuery,
        body,
      });
    })
    .map(({ kind, pathParameters, query, unknownQuery, body }): FuzzRequest => {
      let url = path;
      for (const [name, value] of pathParameters) url = url.replace(`{${name}}`, value);
      const search = new URLSearchParams();
      for (const entry of [...query.filter((q) => q !== null), ...unknownQuery]) for (const v of queryValue(entry[1])) search.append(entry[0], v);
      const qs = search.toString();
      return { operation, method: method.toUpperCase(), url: qs ? `${url}?${qs}` : url, caller, kind, body };
    });
  return fc.sample(request, { seed: seedFor(operation.operationId, caller), numRuns: REQUESTS_PER_OPERATION[caller] });
}

/**
 * The body, or for an event stream (GET /api/drivers/positions/stream), which stays open until
 * the client leaves, its first chunk: then the client leaves, as a browser tab closing would.
 */
async function bodyOf(response: Response): Promise<string> {
  if (!(response.headers.get('content-type') ?? '').startsWith('text/event-stream')) return response.text();
  const reader = response.body!.getReader();
  const first = await reader.read();
  await reader.cancel();
  return new TextDecoder().decode(first.value);
}

function describeRequest(r: FuzzRequest): string {
  const body = r.body === undefined ? '' : `\n    body: ${r.body.length > 600 ? `${r.body.slice(0, 600)}… (${r.body.length} chars)` : r.body}`;
  return `${r.method} ${r.url} as ${r.caller} (${r.kind}, ${r.operation.operationId})${body}`;
}

/**
 * Requests generated from the app's own OpenAPI document (valid-shaped, one thing wrong, and
 * junk) against every operation, as each role and with no token; every answer must be documented
 * for its status and match its schema, and none may be a 5xx.
 */
describe('OpenAPI fuzzing', () => {
  let redis: TestRedis;
  let t: TestApp;

  beforeAll(async () => {
    redis = await startTestRedis();
    t = await startTestApp({ REDIS_URL: redis.url });
  });
  afterAll(async () => {
    await t?.close();
    await redis?.stop();
  });

  it('finds no 5xx and no response outside the documented contract', async () => {
    const document = (await t.request<OpenApiDocument>('GET', '/docs-json')).body;
    const contract = new ResponseContract(document);
    const tokens: Partial<Record<Caller, string>> = {};
    for (const caller of CALLERS) if (caller !== 'anonymous') tokens[caller] = await t.login(LOGIN_OF[caller]);

    const ids = async (sql: string) => (await t.dataSource.query<Array<{ id: string }>>(sql)).map((row) => row.id);
    // Driver accounts with no driver record yet, so POST /api/drivers can succeed.
    await t.dataSource.query(
      `INSERT INTO users (email, password_hash, name, role) SELECT 'fuzz-driver-' || n || '@freight.local', 'x', 'Fuzz Driver ' || n, 'driver' FROM generate_series(1, 5) n`,
    );
    const cursors: string[] = [];
    for (const list of ['/api/loads', '/api/drivers', '/api/routes', '/api/notifications']) {
      const page = await t.request('GET', `${list}?limit=2`, { token: tokens.admin });
      if (typeof page.body?.nextCursor === 'string') cursors.push(page.body.nextCursor);
    }
    const pools: ValuePools = {
      byName: {
        loadsId: await ids('SELECT id FROM loads ORDER BY id'),
        driversId: await ids('SELECT id FROM drivers ORDER BY id'),
        routesId: await ids('SELECT id FROM route_plans ORDER BY id'),
        notificationsId: await ids('SELECT id FROM notifications ORDER BY id'),
        loadId: await ids('SELECT id FROM loads ORDER BY id'),
        driverId: await ids('SELECT id FROM drivers ORDER BY id'),
        userId: await ids(`SELECT id FROM users WHERE role = 'driver' ORDER BY email`),
        email: DEMO_LOGINS.map((login) => login.email),
        password: [...new Set(DEMO_LOGINS.map((login) => login.password))],
        cursor: cursors,
      },
    };
    const schemas = new SchemaArbitraries(document.components.schemas, pools);

    const requests: FuzzRequest[] = [];
    for (const [path, item] of Object.entries(document.paths)) {
      for (const method of METHODS.filter((m) => item[m])) {
        for (const caller of CALLERS) requests.push(...requestsFor(path, method, item[method], caller, schemas, pools));
      }
    }

    const failures: Failure[] = [];
    const statuses = new Map<number, number>();
    const succeeded = new Set<string>();
    let next = 0;
    const started = Date.now();
    const worker = async () => {
      while (next < requests.length) {
        const request = requests[next++];
        const token = request.caller === 'anonymous' ? undefined : tokens[request.caller];
        const headers: Record<string, string> = {};
        if (token) headers.authorization = `Bearer ${token}`;
        if (request.body !== undefined) headers['content-type'] = 'application/json';
        const response = await fetch(t.baseUrl + request.url, { method: request.method, headers, body: request.body });
        const text = await bodyOf(response);
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        if (response.status < 300) succeeded.add(request.operation.operationId);
        const problem =
          response.status >= 500 && !request.operation.responses[String(response.status)]
            ? `${response.status}: a server error`
            : contract.check(request.operation, response.status, response.headers.get('content-type') ?? '', text);
        if (problem) failures.push({ request, status: response.status, problem, response: text.slice(0, 400) });
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));

    const operations = requests.map((r) => r.operation.operationId);
    const summary = [
      `${requests.length} requests in ${((Date.now() - started) / 1000).toFixed(1)} s (seed ${SEED})`,
      `statuses: ${[...statuses.entries()]
        .sort(([a], [b]) => a - b)
        .map(([status, n]) => `${status}x${n}`)
        .join(' ')}`,
      `operations: ${new Set(operations).size}, with a 2xx: ${succeeded.size}; never 2xx: ${[...new Set(operations)].filter((id) => !succeeded.has(id)).join(', ') || 'none'}`,
    ];
    console.log(`OpenAPI fuzzing: ${summary.join('\n  ')}`);
    if (failures.length) {
      const shown = failures.slice(0, 15).map((f) => `- ${f.problem}\n    ${describeRequest(f.request)}\n    answered ${f.status}: ${f.response}`);
      throw new Error(`${failures.length} of ${requests.length} responses broke the contract:\n${shown.join('\n')}`);
    }

    expect(requests.length).toBeGreaterThanOrEqual(5000);
    const expected = Object.entries(document.paths).reduce((n, [, item]) => n + METHODS.filter((m) => item[m]).length, 0);
    expect(new Set(operations).size).toBe(expected);
    expect(new Set(requests.map((r) => `${r.operation.operationId} ${r.caller}`)).size).toBe(expected * CALLERS.length);
    // Generous: a busy 2-core machine; about a minute is typical.
  }, 300_000);
});
