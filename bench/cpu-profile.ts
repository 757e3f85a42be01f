/**
 * `npm run bench:profile -- [--database-url URL] [--route /api/shipments] [--duration 15]
 *   [--connections 10] [--out reports/issue5/profiles] [--top 20]`
 *
 * A CPU profile of the hottest route, cached and uncached: the app (bench/servers/app-server.ts,
 * the app's defaults otherwise: in-process cache, one request log line, metrics on) runs in
 * its own child under `node --cpu-prof`, autocannon loads the route with a dispatcher's token
 * (3 s warm-up, then --duration s), the child exits and writes its .cpuprofile, and the
 * samples taken during the measured window (both processes read the same monotonic clock)
 * are aggregated into self time by function and by package.
 * Without --database-url it uses a throwaway PostgreSQL with the demo data; with it, the
 * 1M-load database of `npm run bench:bigdb` and a bulk-seeded dispatcher.
 */
import autocannon from 'autocannon';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { DEMO_LOGINS } from '../src/database/seeding/demo-data';
import { startInfra, BenchInfra } from './lib/infra';
import { login } from './lib/http-get';
import { startServer } from './lib/server-process';
import { CpuProfile, ProfileSummary, summarise } from './issue5/cpuprofile-summary';

interface Options {
  databaseUrl?: string;
  route: string;
  durationS: number;
  connections: number;
  out: string;
  top: number;
}

function parse(argv: string[]): Options {
  const o: Options = { route: '/api/shipments', durationS: 15, connections: 10, out: 'reports/issue5/profiles', top: 20 };
  for (let i = 0; i < argv.length; i++) {
    const next = () => argv[++i];
    switch (argv[i]) {
      case '--database-url':
        o.databaseUrl = next();
        break;
      case '--route':
        o.route = next();
        break;
      case '--duration':
        o.durationS = Number(next());
        break;
      case '--connections':
        o.connections = Number(next());
        break;
      case '--out':
        o.out = next();
        break;
      case '--top':
        o.top = Number(next());
        break;
      default:
        throw new Error(`unknown flag ${argv[i]}`);
    }
  }
  return o;
}

const log = (line: string) => console.error(`[profile ${new Date().toISOString().slice(11, 19)}] ${line}`);
const nowUs = () => Number(process.hrtime.bigint() / 1000n);

async function dispatcher(databaseUrl: string | undefined): Promise<{ email: string; password: string }> {
  if (!databaseUrl) return DEMO_LOGINS.find((l) => l.role === 'dispatcher')!;
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const email = (
      await db.query<{ email: string }>(
        `SELECT email FROM users WHERE role = 'dispatcher' AND email LIKE '%.bulk.freight.local' ORDER BY email LIMIT 1`,
      )
    ).rows[0].email;
    return { email, password: 'bulk-seed-dev' };
  } finally {
    await db.end();
  }
}

function table(title: string, rows: ProfileSummary['byFunction']): string {
  return [
    `| ${title} | self ms | share |`,
    '| --- | ---: | ---: |',
    ...rows.map((r) => `| \`${r.name.replace(/\|/g, '\\|')}\` | ${r.ms.toLocaleString('en-US')} | ${r.pct}% |`),
  ].join('\n');
}

async function main(): Promise<void> {
  const o = parse(process.argv.slice(2));
  const out = resolve(o.out, new Date().toISOString().replace(/[:.]/g, '-'));
  mkdirSync(out, { recursive: true });
  let infra: BenchInfra | undefined;
  const sections: string[] = [];
  try {
    infra = await startInfra(log);
    const databaseUrl = o.databaseUrl ?? infra.databaseUrl;
    const user = await dispatcher(o.databaseUrl);
    for (const mode of ['cached', 'uncached'] as const) {
      const name = `${mode}.cpuprofile`;
      const server = await startServer(
        `profile-${mode}`,
        'app-server.ts',
        {
          DATABASE_URL: databaseUrl,
          SEED_DEMO_DATA: o.databaseUrl ? 'false' : 'true',
          CACHE_ENABLED: mode === 'cached' ? 'true' : 'false',
          SWAGGER_ENABLED: 'false',
          NODE_ENV: 'development',
        },
        infra.logDir,
        ['--cpu-prof', '--cpu-prof-dir', out, '--cpu-prof-name', name],
      );
      let result: autocannon.Result;
      let window: [number, number];
      let load1: number;
      try {
        const token = await login(server.baseUrl, user.email, user.password);
        const target = { url: `${server.baseUrl}${o.route}`, headers: { authorization: `Bearer ${token}` }, connections: o.connections };
        await autocannon({ ...target, duration: 3 });
        load1 = loadavg()[0];
        const from = nowUs();
        result = await autocannon({ ...target, duration: o.durationS });
        window = [from, nowUs()];
        log(
          `${mode}: ${Math.round(result.requests.total / result.duration)} req/s, p50 ${result.latency.p50} ms, non-2xx ${result.non2xx} (load average ${load1.toFixed(2)})`,
        );
      } finally {
        await server.stop();
      }
      if (!readdirSync(out).includes(name)) throw new Error(`no ${name} written: ${server.output()}`);
      const profile = JSON.parse(readFileSync(join(out, name), 'utf8')) as CpuProfile;
      const summary = summarise(profile, o.top, window[0], window[1]);
      const rps = Math.round(result.requests.total / result.duration);
      const cpuUsPerRequest = Math.round((summary.windowMs * 1000) / result.requests.total);
      sections.push(
        [
          `### GET ${o.route}, ${mode}: ${rps.toLocaleString('en-US')} req/s, p50 ${result.latency.p50} ms, ${result.requests.total.toLocaleString('en-US')} requests in ${o.durationS} s; ${summary.windowMs.toLocaleString('en-US')} ms of sampled CPU on the main thread (~${cpuUsPerRequest} us a request); load average ${load1.toFixed(2)} before the run`,
          '',
          table('package', summary.byPackage),
          '',
          table('function', summary.byFunction),
        ].join('\n'),
      );
    }
  } finally {
    await infra?.stop();
  }
  const markdown = [
    `CPU profiles, ${o.databaseUrl ? '1M-load' : 'demo'} database, ${o.connections} connections, ${cpus().length} x ${cpus()[0]?.model.trim()}, ${new Date().toISOString()}`,
    '',
    ...sections,
  ].join('\n\n');
  writeFileSync(join(out, 'summary.md'), markdown);
  console.log(markdown);
  log(`profiles and summary in ${out}`);
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
