/**
 * `npm run bench:replicas -- [--connections 20] [--duration 10] [--rounds 2]`
 *
 * Cache-miss-heavy read throughput, primary only versus primary plus one streaming replica,
 * measured side by side in one run (alternating, so drift on a shared machine hits both).
 * Every request asks for a list no one has asked for before (a fresh createdFrom), so every
 * request is a cache fill: the replica can only help where the database is the bottleneck.
 * Both servers share one Redis and one primary; the second one also has DATABASE_REPLICA_URLS.
 * Before the runs, a write through the replica-aware server marks the lists' generation with
 * the primary's WAL position, so its fills may read the replica once it has replayed that far.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { parsePrometheusText, selectSamples } from '../src/metrics/prometheus-text';
import { startTestRedis, TestRedis } from '../test/helpers/redis';
import { ReplicatedPostgres, startReplicatedPostgres } from '../test/helpers/streaming-replica';
import { httpRequest, login } from './lib/http-get';
import { ServerProcess, startServer } from './lib/server-process';

interface Options {
  connections: number;
  durationS: number;
  rounds: number;
}

function parse(argv: string[]): Options {
  const o: Options = { connections: 20, durationS: 10, rounds: 2 };
  for (let i = 0; i < argv.length; i++) {
    const value = Number(argv[i + 1]);
    if (argv[i] === '--connections') o.connections = value;
    else if (argv[i] === '--duration') o.durationS = value;
    else if (argv[i] === '--rounds') o.rounds = value;
    else throw new Error(`unknown flag ${argv[i]}: --connections N --duration S --rounds N`);
    i++;
  }
  return o;
}

const log = (line: string) => console.error(`[replicas ${new Date().toISOString().slice(11, 19)}] ${line}`);

let keys = 0;
function freshListPath(): string {
  const createdFrom = new Date(Date.UTC(2000, 0, 1) + ++keys * 1000).toISOString();
  return `/api/loads?status=posted&limit=20&createdFrom=${encodeURIComponent(createdFrom)}`;
}

/** db_reads_total by target and reason, from one server's /metrics. */
async function readsByTarget(server: ServerProcess): Promise<Record<string, number>> {
  const response = await httpRequest('GET', `${server.baseUrl}/metrics`, {});
  const totals: Record<string, number> = {};
  for (const sample of selectSamples(parsePrometheusText(response.body.toString()), 'db_reads_total')) {
    const target = `${sample.labels.target ?? '?'} (${sample.labels.reason ?? '?'})`;
    totals[target] = (totals[target] ?? 0) + sample.value;
  }
  return totals;
}

interface Run {
  setup: string;
  round: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  xCache: Record<string, number>;
  non2xx: number;
  reads: Record<string, number>;
}

async function run(setup: string, server: ServerProcess, token: string, o: Options, round: number): Promise<Run> {
  const before = await readsByTarget(server);
  const xCache: Record<string, number> = {};
  const result = await autocannon({
    url: server.baseUrl,
    headers: { authorization: `Bearer ${token}` },
    connections: o.connections,
    duration: o.durationS,
    requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: freshListPath() }) }],
    setupClient: (client) => {
      client.on('headers', (info: unknown) => {
        const raw = (info as { headers?: string[] }).headers ?? [];
        let value = 'none';
        for (let i = 0; i < raw.length; i += 2) if (raw[i].toLowerCase() === 'x-cache') value = raw[i + 1];
        xCache[value] = (xCache[value] ?? 0) + 1;
      });
    },
  });
  const after = await readsByTarget(server);
  const reads: Record<string, number> = {};
  for (const target of Object.keys(after)) reads[target] = after[target] - (before[target] ?? 0);
  return {
    setup,
    round,
    rps: Math.round(result.requests.total / result.duration),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    xCache,
    non2xx: result.non2xx,
    reads,
  };
}

async function main(): Promise<void> {
  const o = parse(process.argv.slice(2));
  const logDir = mkdtempSync(join(tmpdir(), 'freight-replica-bench-'));
  let pg: ReplicatedPostgres | undefined;
  let redis: TestRedis | undefined;
  const servers: ServerProcess[] = [];
  try {
    pg = await startReplicatedPostgres();
    await pg.query('primary', 'postgres', 'CREATE DATABASE freight');
    redis = await startTestRedis();
    const common = {
      DATABASE_URL: pg.primaryUrl('freight'),
      REDIS_URL: redis.url,
      LOG_REQUESTS: 'false',
      CACHE_WARMUP: 'false',
      // As the tests do: on a busy machine a slow Redis answer must not turn fills into bypasses.
      REDIS_COMMAND_TIMEOUT_MS: '2000',
    };
    const primaryOnly = await startServer('primary-only', 'app-server.ts', { ...common, SEED_DEMO_DATA: 'true' }, logDir);
    servers.push(primaryOnly);
    const withReplica = await startServer('with-replica', 'app-server.ts', { ...common, DATABASE_REPLICA_URLS: pg.replicaUrl('freight') }, logDir);
    servers.push(withReplica);
    const token = await login(primaryOnly.baseUrl, 'dispatcher@freight.local', 'dispatcher123');

    // One write through the replica-aware server: the posted lists' generation gets a WAL position.
    const list = await httpRequest('GET', `${withReplica.baseUrl}/api/loads?status=posted&limit=1`, { authorization: `Bearer ${token}` });
    const [load] = (JSON.parse(list.body.toString()) as { data: Array<{ id: string; weightKg: number }> }).data;
    const patched = await httpRequest(
      'PATCH',
      `${withReplica.baseUrl}/api/loads/${load.id}`,
      { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      JSON.stringify({ weightKg: load.weightKg + 1 }),
    );
    if (patched.status !== 200) throw new Error(`PATCH failed: ${patched.status}`);
    await pg.waitForReplay();
    await new Promise((resolve) => setTimeout(resolve, 1000));

    const runs: Run[] = [];
    for (let round = 1; round <= o.rounds; round++) {
      const order: Array<[string, ServerProcess]> = [
        ['primary only', primaryOnly],
        ['primary + replica', withReplica],
      ];
      if (round % 2 === 0) order.reverse();
      for (const [setup, server] of order) {
        log(`round ${round}: ${setup}`);
        runs.push(await run(setup, server, token, o, round));
      }
    }

    const mean = (setup: string) => {
      const mine = runs.filter((r) => r.setup === setup);
      return mine.reduce((sum, r) => sum + r.rps, 0) / mine.length;
    };
    console.log(`Cache-miss-heavy reads (every request a fresh list: a fill), ${o.connections} connections, ${o.durationS} s per run\n`);
    console.log('| round | setup | req/s | p50 ms | p99 ms | X-Cache | non-2xx | read-only query runners by target (reason) |');
    console.log('| ---: | --- | ---: | ---: | ---: | --- | ---: | --- |');
    for (const r of runs) {
      const reads =
        Object.entries(r.reads)
          .filter(([, n]) => n > 0)
          .map(([target, n]) => `${target} ${n}`)
          .join(', ') || '-';
      console.log(
        `| ${r.round} | ${r.setup} | ${r.rps} | ${r.p50Ms} | ${r.p99Ms} | ${Object.entries(r.xCache)
          .map(([value, n]) => `${value} ${n}`)
          .join(', ')} | ${r.non2xx} | ${reads} |`,
      );
    }
    const ratio = mean('primary + replica') / mean('primary only');
    console.log(
      `\nMean req/s: primary only ${Math.round(mean('primary only'))}, primary + replica ${Math.round(mean('primary + replica'))}: ratio ${ratio.toFixed(2)}`,
    );
  } finally {
    for (const server of servers) await server.stop().catch(() => undefined);
    await redis?.stop().catch(() => undefined);
    await pg?.stop().catch(() => undefined);
    rmSync(logDir, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
