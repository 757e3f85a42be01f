import { ChildProcess, execFile, spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { loadConfig } from '../src/config/app-config';
import { checkNginxConfig, NGINX_HINT, SHIPPED_NGINX_CONF } from './helpers/nginx';

/**
 * The deployment and monitoring files (docker/**) cannot be run here (no Docker engine),
 * so each is checked by the tool that consumes it: promtool for Prometheus rules, config
 * and rule unit tests, docker-compose v1 for the compose file, redis-server for
 * redis.conf, Node for the healthcheck command, Debian's nginx (`nginx -t`) for nginx.conf. A missing tool fails the test with
 * instructions: nothing is skipped.
 */
const repo = resolve(__dirname, '..');
const docker = (...parts: string[]): string => join(repo, 'docker', ...parts);

interface RunResult {
  code: number;
  output: string;
}

function run(file: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<RunResult> {
  return new Promise((done) => {
    execFile(file, args, { cwd: options.cwd ?? repo, env: options.env ?? process.env, timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      done({ code, output: `${stdout}${stderr}` });
    });
  });
}

function findExecutable(name: string, extra: string[] = []): string | undefined {
  const inPath = (process.env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, name));
  for (const candidate of [...inPath, ...extra]) {
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not here; try the next place
    }
  }
  return undefined;
}

function requireTool(name: string, hint: string, extra: string[] = []): string {
  const found = findExecutable(name, extra);
  if (!found) throw new Error(`${name} was not found in PATH${extra.length ? ` or at ${extra.join(', ')}` : ''}. ${hint}`);
  return found;
}

const promtool = (): string =>
  requireTool(
    'promtool',
    "It comes from Debian's prometheus package; npm test's pretest step (scripts/ensure-test-tools.sh) puts it in .tools/ when run as root.",
    [join(repo, '.tools', 'promtool')],
  );
const dockerCompose = (): string => requireTool('docker-compose', 'Install it with: apt-get install docker-compose');
const python = (): string => requireTool('python3', 'python3 with PyYAML comes with docker-compose: apt-get install docker-compose');

/** YAML read through PyYAML, which docker-compose (needed anyway) brings along. */
async function readYaml<T>(path: string): Promise<T> {
  const script = 'import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))';
  const result = await run(python(), ['-c', script, path]);
  if (result.code !== 0) throw new Error(`Could not parse ${path} with PyYAML:\n${result.output}`);
  return JSON.parse(result.output) as T;
}

/** What an operator must set: the compose file has no default for it. */
const OPERATOR_JWT_SECRET = 'operator-chosen-secret-of-at-least-32-bytes-0123456789';

/**
 * docker-compose without the caller's variables, so the file's own defaults are checked;
 * only the required JWT_SECRET is given (withoutSecret: not even that).
 */
function composeEnv(options: { withoutSecret?: boolean } = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C.UTF-8' };
  if (!options.withoutSecret) env.JWT_SECRET = OPERATOR_JWT_SECRET;
  return env;
}

interface AlertRule {
  alert?: string;
  record?: string;
  expr: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
interface RuleFile {
  groups: { name: string; rules: AlertRule[] }[];
}
interface RuleTestFile {
  tests: { alert_rule_test?: { alertname: string; exp_alerts: unknown[] }[] }[];
}

async function alertRules(): Promise<AlertRule[]> {
  const file = await readYaml<RuleFile>(docker('prometheus', 'alerts.yml'));
  return file.groups.flatMap((group) => group.rules).filter((rule) => rule.alert);
}

describe('Prometheus rules and config', () => {
  it('promtool accepts the alerting rules', async () => {
    const result = await run(promtool(), ['check', 'rules', docker('prometheus', 'alerts.yml')]);
    expect(result).toEqual({ code: 0, output: expect.stringContaining('SUCCESS') });
  });

  it('promtool accepts prometheus.yml and finds its rule file', async () => {
    const result = await run(promtool(), ['check', 'config', docker('prometheus', 'prometheus.yml')]);
    expect(result).toEqual({ code: 0, output: expect.stringContaining('1 rule files found') });
  });

  it('scrapes every API replica at its root /metrics, and both exporters', async () => {
    interface ScrapeConfig {
      job_name: string;
      metrics_path?: string;
      static_configs?: { targets: string[] }[];
      dns_sd_configs?: { names: string[]; type: string; port: number }[];
    }
    const config = await readYaml<{ scrape_configs: ScrapeConfig[] }>(docker('prometheus', 'prometheus.yml'));
    const targets = Object.fromEntries(config.scrape_configs.map((job) => [job.job_name, (job.static_configs ?? []).flatMap((s) => s.targets)]));
    const api = config.scrape_configs.find((job) => job.job_name === 'freight-api');
    expect(api?.metrics_path ?? '/metrics').toBe('/metrics');
    // One target per replica (an A record each), not the service name: that would be one replica at random per scrape.
    expect(api?.dns_sd_configs).toEqual([expect.objectContaining({ names: ['api'], type: 'A', port: 4000 })]);
    expect(targets).toMatchObject({
      redis: ['redis_exporter:9121'],
      postgres: ['postgres_exporter:9187'],
    });
  });

  it('every alert fires and stays quiet as its promtool unit tests expect', async () => {
    const result = await run(promtool(), ['test', 'rules', docker('prometheus', 'alerts.test.yml')]);
    expect(result).toEqual({ code: 0, output: expect.stringContaining('SUCCESS') });

    const tests = await readYaml<RuleTestFile>(docker('prometheus', 'alerts.test.yml'));
    const cases = tests.tests.flatMap((test) => test.alert_rule_test ?? []);
    const uncovered = (await alertRules())
      .map((rule) => rule.alert as string)
      .filter((name) => {
        const own = cases.filter((c) => c.alertname === name);
        return !own.some((c) => c.exp_alerts.length > 0) || !own.some((c) => c.exp_alerts.length === 0);
      });
    expect(uncovered).toEqual([]);
  });

  it("covers each red flag of the original design with the app's metric names", async () => {
    const rules = await alertRules();
    const exprOf = (name: string): string => rules.find((rule) => rule.alert === name)?.expr ?? `(no alert ${name})`;
    const recorded = (await readYaml<RuleFile>(docker('prometheus', 'alerts.yml'))).groups
      .flatMap((group) => group.rules)
      .filter((rule) => rule.record)
      .map((rule) => rule.expr)
      .join('\n');
    expect(`${exprOf('CacheHitRateLow')}\n${recorded}`).toEqual(
      expect.stringMatching(/cache_hits_total[\s\S]*cache_misses_total|cache_misses_total[\s\S]*cache_hits_total/),
    );
    expect(exprOf('CacheHitRateLow')).toContain('< 0.6');
    expect(exprOf('HighErrorRate')).toMatch(/http_requests_total\{status=~"5\.\."\}[\s\S]*> 0\.01/);
    expect(exprOf('Api5xxResponses')).toContain('http_requests_total{status=~"5.."}');
    expect(exprOf('HighLatencyP95')).toMatch(/histogram_quantile\(0\.95,[\s\S]*http_request_duration_seconds_bucket[\s\S]*> 2\b/);
    expect(exprOf('SlowDbQueriesP95')).toMatch(/histogram_quantile\(0\.95,[\s\S]*db_query_duration_seconds_bucket[\s\S]*> 0\.2\b/);
    expect(exprOf('ApiMemoryHigh')).toContain('process_resident_memory_bytes{job="freight-api"}');
    expect(exprOf('HostMemoryHigh')).toContain('node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes');
    expect(exprOf('ApiCpuHigh')).toMatch(/rate\(process_cpu_seconds_total\{job="freight-api"\}\[5m\]\) > 0\.85/);
    expect(exprOf('ApiRestarted')).toContain('changes(process_start_time_seconds{job="freight-api"}[15m]) > 0');
    expect(exprOf('ApiDown')).toContain('up{job="freight-api"} == 0');
    expect(exprOf('DbPoolExhausted')).toMatch(/state="waiting"[\s\S]*db_pool_max/);
    expect(exprOf('RedisMemoryNearFull')).toContain('redis_memory_used_bytes / redis_memory_max_bytes > 0.9');
  });

  it('gives every alert a severity and a runbook that follows the response procedure', async () => {
    const problems = (await alertRules()).flatMap((rule) => {
      const found: string[] = [];
      if (!['critical', 'warning'].includes(rule.labels?.severity ?? '')) found.push('severity');
      for (const key of ['summary', 'description', 'runbook']) if (!rule.annotations?.[key]) found.push(key);
      const runbook = rule.annotations?.runbook ?? '';
      for (const step of ['docker compose logs', 'SELECT count(*) FROM pg_stat_activity;', 'redis-cli INFO memory', 'deploy', 'Rollback']) {
        if (!runbook.includes(step) && !runbook.toLowerCase().includes(step.toLowerCase())) found.push(`runbook step "${step}"`);
      }
      return found.map((problem) => `${rule.alert}: ${problem}`);
    });
    expect(problems).toEqual([]);
  });
});

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string | string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  volumes?: (string | { source: string; target: string })[];
  mem_limit?: string | number;
  deploy?: { replicas?: number };
  ports?: (string | { published: string | number; target: number })[];
  stop_grace_period?: string;
  stop_signal?: string;
}

/** A compose duration ("20s", "1m30s") in milliseconds. */
function durationMs(text: string): number {
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let total = 0;
  for (const [, value, unit] of text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) total += Number(value) * units[unit];
  return total;
}

function bytes(limit: string | number): number {
  if (typeof limit === 'number') return limit;
  const match = /^(\d+(?:\.\d+)?)\s*([bkmg]?)b?$/i.exec(limit.trim());
  if (!match) throw new Error(`Unreadable memory limit ${limit}`);
  const power = { '': 0, b: 0, k: 1, m: 2, g: 3 }[match[2].toLowerCase() as '' | 'b' | 'k' | 'm' | 'g'];
  return Number(match[1]) * 1024 ** power;
}

describe('docker-compose.yml', () => {
  const composeFile = docker('docker-compose.yml');

  it('passes docker-compose v1 validation', async () => {
    const result = await run(dockerCompose(), ['-f', composeFile, 'config', '-q'], { env: composeEnv() });
    expect(result).toEqual({ code: 0, output: '' });
  });

  it('refuses to start without JWT_SECRET: it ships no default an attacker could read', async () => {
    const result = await run(dockerCompose(), ['-f', composeFile, 'config', '-q'], { env: composeEnv({ withoutSecret: true }) });
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('set JWT_SECRET to a random secret of at least 32 bytes');
  });

  /** The file as docker-compose resolves it: defaults filled in, paths made absolute. */
  async function resolvedServices(): Promise<Record<string, ComposeService>> {
    const resolved = await run(dockerCompose(), ['-f', composeFile, 'config'], { env: composeEnv() });
    if (resolved.code !== 0) throw new Error(`docker-compose config failed:\n${resolved.output}`);
    const dir = mkdtempSync(join(tmpdir(), 'freight-compose-'));
    try {
      writeFileSync(join(dir, 'resolved.yml'), resolved.output);
      return (await readYaml<{ services: Record<string, ComposeService> }>(join(dir, 'resolved.yml'))).services;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it('wires the API to healthy PostgreSQL and Redis, with monitoring beside it', async () => {
    const services = await resolvedServices();
    expect(Object.keys(services)).toEqual(
      expect.arrayContaining(['api', 'nginx', 'postgres', 'redis', 'prometheus', 'grafana', 'redis_exporter', 'postgres_exporter']),
    );
    const api = services.api;
    expect(api.build).toEqual({ context: repo, dockerfile: 'docker/Dockerfile' });
    expect(api.depends_on).toEqual({ postgres: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
    expect(api.healthcheck?.test.join(' ')).toContain('/api/health/ready');
    expect(api.environment?.DATABASE_URL).toMatch(/^postgres:\/\/.+@postgres:5432\//);
    expect(api.environment?.REDIS_URL).toBe('redis://redis:6379');
    // The operator's secret, passed through: the file has no default of its own.
    expect(api.environment?.JWT_SECRET).toBe(OPERATOR_JWT_SECRET);

    expect(String(services.postgres.command)).toContain('shared_preload_libraries=pg_stat_statements');
    expect(services.postgres.healthcheck?.test.join(' ')).toContain('pg_isready');
    // v1 prints volumes as "source:target:mode", v2 as objects: compare the text.
    expect(JSON.stringify(services.postgres.volumes)).toMatch(/postgres-data.*\/var\/lib\/postgresql\/data/);
    expect(services.redis.image).toMatch(/^redis:7/);
    expect(JSON.stringify(services.redis.volumes)).toContain('redis/redis.conf');
    expect(services.redis_exporter.image).toMatch(/^oliver006\/redis_exporter/);
    expect(services.postgres_exporter.image).toMatch(/^quay\.io\/prometheuscommunity\/postgres-exporter/);
    expect(services.grafana.environment?.GF_SECURITY_ADMIN_PASSWORD).toMatch(/dev-only/);
  });

  it('runs several API replicas behind nginx, which alone publishes a port', async () => {
    const services = await resolvedServices();
    const api = services.api;
    expect(api.deploy?.replicas).toBeGreaterThanOrEqual(2);
    // A fixed host port cannot be shared by replicas; the API is reached through nginx.
    expect(api.ports).toBeUndefined();
    expect(api.environment?.TRUST_PROXY).toBe('1');
    const nginx = services.nginx;
    const [major, minor, patch] = (/^nginx:(\d+)\.(\d+)(?:\.(\d+))?/.exec(nginx.image ?? '') ?? []).slice(1).map(Number);
    // The upstream's "resolve" (following replicas as they come and go) is in open-source nginx from 1.27.3.
    expect(major * 1_000_000 + minor * 1000 + (patch || 0)).toBeGreaterThanOrEqual(1_027_003);
    expect(JSON.stringify(nginx.volumes)).toMatch(/nginx\/nginx\.conf:\/etc\/nginx\/nginx\.conf/);
    expect(JSON.stringify(nginx.ports)).toMatch(/4000.*8080/);
    expect(nginx.depends_on).toEqual({ api: { condition: 'service_healthy' } });
    expect(nginx.stop_signal).toBe('SIGQUIT');
  });

  it('gives each replica longer to stop than its own shutdown takes', async () => {
    const api = (await resolvedServices()).api;
    const config = loadConfig({ ...api.environment, DATABASE_URL: 'postgres://u:p@postgres:5432/freight' });
    // Readiness delay + drain deadline + up to 5 s to close the pool and Redis (src/lifecycle/graceful-shutdown.ts).
    const shutdownMs = config.shutdown.readinessDelayMs + config.shutdown.timeoutMs + 5000;
    expect(durationMs(api.stop_grace_period ?? '10s')).toBeGreaterThan(shutdownMs);
  });

  it('keeps replicas x pool size under PostgreSQL max_connections, with room for exporters and psql', async () => {
    const services = await resolvedServices();
    const replicas = services.api.deploy?.replicas ?? 1;
    const pool = Number(services.api.environment?.DB_POOL_SIZE);
    const maxConnections = Number(/max_connections=(\d+)/.exec(String(services.postgres.command))?.[1]);
    // PostgreSQL keeps 3 superuser_reserved_connections; 5 more for postgres_exporter and a person with psql.
    expect(replicas * pool + 5).toBeLessThanOrEqual(maxConnections - 3);
  });

  it('holds the API to the memory limit that ApiMemoryHigh measures against', async () => {
    const limit = (await resolvedServices()).api.mem_limit;
    expect(limit).toBeDefined();
    const expr = (await alertRules()).find((rule) => rule.alert === 'ApiMemoryHigh')?.expr ?? '';
    const threshold = /> 0\.9 \* (\d+)/.exec(expr)?.[1];
    expect(Number(threshold)).toBe(bytes(limit as string | number));
  });
});

describe('nginx.conf', () => {
  const conf = readFileSync(SHIPPED_NGINX_CONF, 'utf8');
  const directive = (name: string): string[] => [...conf.matchAll(new RegExp(`^\\s*${name} ([^;]*);`, 'gm'))].map((m) => m[1]);

  it("is accepted by Debian's nginx (nginx -t), as the loopback test runs it", async () => {
    if (!findExecutable('nginx', ['/usr/sbin/nginx'])) throw new Error(`nginx was not found in PATH or /usr/sbin. ${NGINX_HINT}`);
    const result = await checkNginxConfig([4001, 4002, 4003]);
    expect(result).toEqual({ code: 0, output: expect.stringContaining('test is successful') });
  });

  it('keeps connections to the replicas open, and lets nginx close idle ones before the app does', () => {
    expect(directive('keepalive')).toEqual([expect.stringMatching(/^\d+$/)]);
    expect(directive('proxy_http_version')).toEqual(['1.1']);
    expect(directive('proxy_set_header Connection')).toEqual(['""']);
    const seconds = Number(/^(\d+)s$/.exec(directive('keepalive_timeout')[0] ?? '')?.[1]);
    const appIdleMs = loadConfig({ DATABASE_URL: 'postgres://u:p@h:5432/d', JWT_SECRET: 'x' }).http.keepAliveTimeoutMs;
    expect(seconds * 1000).toBeLessThan(appIdleMs);
  });

  it('moves a request to another replica only when that cannot run a write twice', () => {
    const [nextUpstream] = directive('proxy_next_upstream');
    expect(nextUpstream.split(' ').sort()).toEqual(['error', 'http_502', 'http_503', 'timeout']);
    expect(directive('server api:4000')).toEqual([expect.stringMatching(/^resolve max_fails=\d+ fail_timeout=\d+s$/)]);
  });

  it('sets X-Forwarded-For to the address it saw, so a client cannot choose the one rate limits count', () => {
    expect(directive('proxy_set_header X-Forwarded-For')).toEqual(['$remote_addr']);
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(docker('Dockerfile'), 'utf8');
  const instructions = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .filter((line) => line.trim() && !line.trim().startsWith('#'));

  it('builds in its own stage and runs production dependencies as a non-root user on Node 20', () => {
    expect(dockerfile).toContain('node:20-bookworm-slim');
    expect(instructions.filter((line) => /^FROM /.test(line)).length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/RUN npm ci\b/);
    expect(dockerfile).toContain('npm run build');
    expect(dockerfile).toContain('npm ci --omit=dev');
    const user = instructions.filter((line) => /^USER /.test(line)).pop();
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^USER (root|0)\b/);
    expect(instructions).toContain('EXPOSE 4000');
  });

  it('keeps local state out of the build context', () => {
    const ignored = readFileSync(join(repo, '.dockerignore'), 'utf8')
      .split('\n')
      .map((line) => line.trim());
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'dist', '.data', '.git', 'coverage', 'reports']));
  });

  describe('HEALTHCHECK command', () => {
    const line = instructions.find((l) => /^HEALTHCHECK /.test(l)) ?? '';
    const command = JSON.parse(/CMD (\[.*\])\s*$/.exec(line)?.[1] ?? '[]') as string[];
    let server: Server;
    let status = 200;
    let lastPath = '';

    beforeAll(async () => {
      server = createServer((req, res) => {
        lastPath = req.url ?? '';
        res.writeHead(status, { 'content-type': 'application/json' }).end('{}');
      });
      await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
    });
    afterAll(() => new Promise<void>((closed) => server.close(() => closed())));

    const probe = (): Promise<RunResult> => {
      const port = String((server.address() as AddressInfo).port);
      expect(command[0]).toBe('node');
      return run(process.execPath, command.slice(1), { env: { PATH: process.env.PATH, PORT: port } });
    };

    it('reports healthy when /api/health answers 200', async () => {
      status = 200;
      expect((await probe()).code).toBe(0);
      expect(lastPath).toBe('/api/health/ready');
    });

    it('reports unhealthy when /api/health answers 503 or nothing listens', async () => {
      status = 503;
      expect((await probe()).code).toBe(1);
      const result = await run(process.execPath, command.slice(1), { env: { PATH: process.env.PATH, PORT: '1' } });
      expect(result.code).toBe(1);
    });
  });
});

describe('Grafana', () => {
  interface Panel {
    type: string;
    title: string;
    datasource?: { uid: string };
    targets?: { expr: string }[];
  }
  const dashboard = JSON.parse(readFileSync(docker('grafana', 'dashboards', 'freight-api.json'), 'utf8')) as { uid: string; panels: Panel[] };
  const panels = dashboard.panels.filter((panel) => panel.type !== 'row');
  const exprs = panels.flatMap((panel) => (panel.targets ?? []).map((target) => target.expr));
  const panelExprs = (title: RegExp): string =>
    panels
      .filter((p) => title.test(p.title))
      .flatMap((p) => (p.targets ?? []).map((t) => t.expr))
      .join('\n');

  it('charts latency percentiles, cache, database, resources, traffic and errors by route', () => {
    expect(panelExprs(/^Latency p50 \/ p95 \/ p99$/)).toEqual(
      expect.stringMatching(/histogram_quantile\(0\.5,[\s\S]*histogram_quantile\(0\.95,[\s\S]*histogram_quantile\(0\.99,/),
    );
    expect(panelExprs(/^Latency/)).toContain('http_request_duration_seconds_bucket');
    expect(panelExprs(/hits, misses/)).toEqual(expect.stringMatching(/cache_hits_total[\s\S]*cache_misses_total/));
    expect(panelExprs(/DB query time/)).toContain('db_query_duration_seconds_bucket');
    expect(panelExprs(/memory/i)).toContain('process_resident_memory_bytes');
    expect(panelExprs(/CPU/)).toContain('process_cpu_seconds_total');
    expect(panelExprs(/Requests per second by route/)).toMatch(/sum by \(route\) \(rate\(http_requests_total/);
    expect(panelExprs(/Error rate by route/)).toMatch(/sum by \(route\) \(rate\(http_requests_total\{[^}]*status=~"5\.\."/);
  });

  it('uses only the provisioned Prometheus data source', async () => {
    const provisioned = await readYaml<{ datasources: { uid: string; url: string }[] }>(
      docker('grafana', 'provisioning', 'datasources', 'prometheus.yml'),
    );
    expect(provisioned.datasources[0].url).toBe('http://prometheus:9090');
    const uids = new Set(panels.map((panel) => panel.datasource?.uid));
    expect([...uids]).toEqual([provisioned.datasources[0].uid]);
    const providers = await readYaml<{ providers: { options: { path: string } }[] }>(
      docker('grafana', 'provisioning', 'dashboards', 'dashboards.yml'),
    );
    expect(providers.providers[0].options.path).toBe('/var/lib/grafana/dashboards');
  });

  it('has only queries that Prometheus can parse', async () => {
    // promtool has no "check expression"; each query becomes a recording rule instead.
    const dir = mkdtempSync(join(tmpdir(), 'freight-dashboard-'));
    try {
      const rules = exprs.map((expr, i) => `      - record: dashboard_query_${i}\n        expr: ${JSON.stringify(expr)}`).join('\n');
      writeFileSync(join(dir, 'queries.yml'), `groups:\n  - name: dashboard\n    rules:\n${rules}\n`);
      const result = await run(promtool(), ['check', 'rules', join(dir, 'queries.yml')]);
      expect(result).toEqual({ code: 0, output: expect.stringContaining(`SUCCESS: ${exprs.length} rules found`) });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('shows 0, not "No data", in the 5xx panels of a healthy system, and no NaN hit rate for an idle one', async () => {
    // A labelled counter has no 5xx series until the first 5xx; the panels must still draw 0.
    const series = (values: string): string =>
      [
        'http_requests_total{method="GET", route="/api/loads", status="200", job="freight-api"}',
        'http_requests_total{method="GET", route="/api/loads/:id", status="404", job="freight-api"}',
        'cache_hits_total{route="/api/loads", job="freight-api"}',
        'cache_misses_total{route="/api/loads", job="freight-api"}',
      ]
        .map((name) => `      - series: ${JSON.stringify(name)}\n        values: ${values}`)
        .join('\n');
    const [errorRate, errorRateByRoute] = panelExprs(/\(5xx\)$/).split('\n');
    const hitRate = panelExprs(/^Cache hit rate$/);
    const evaluate = (expr: string, samples: Array<[labels: string, value: number]>): string =>
      `      - expr: ${JSON.stringify(expr)}\n        eval_time: 10m\n        exp_samples:${samples.length ? '' : ' []'}\n` +
      samples.map(([labels, value]) => `          - labels: ${JSON.stringify(labels)}\n            value: ${value}\n`).join('');
    const busy = [
      evaluate(errorRate, [['{}', 0]]),
      evaluate(errorRateByRoute, [
        ['{route="/api/loads"}', 0],
        ['{route="/api/loads/:id"}', 0],
      ]),
      evaluate(hitRate, [['{}', 0.5]]),
    ];
    // Idle: counters flat for 20 minutes. An empty answer ("No data") is right then; NaN is not.
    const idle = [errorRate, errorRateByRoute, hitRate].map((expr) => evaluate(expr, []));
    const dir = mkdtempSync(join(tmpdir(), 'freight-dashboard-test-'));
    try {
      writeFileSync(join(dir, 'none.yml'), 'groups: []\n');
      writeFileSync(
        join(dir, 'panels.test.yml'),
        'rule_files: [none.yml]\nevaluation_interval: 1m\ntests:\n' +
          `  - interval: 1m\n    input_series:\n${series('0+10x20')}\n    promql_expr_test:\n${busy.join('')}` +
          `  - interval: 1m\n    input_series:\n${series('100x20')}\n    promql_expr_test:\n${idle.join('')}`,
      );
      const result = await run(promtool(), ['test', 'rules', 'panels.test.yml'], { cwd: dir });
      expect(result).toEqual({ code: 0, output: expect.stringContaining('SUCCESS') });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('redis.conf', () => {
  let redis: ChildProcess | undefined;
  let dataDir = '';
  let port = 0;
  let log = '';

  const cli = async (...args: string[]): Promise<string> => {
    const redisCli = requireTool('redis-cli', 'It comes with redis-server: apt-get install redis-server');
    const result = await run(redisCli, ['-h', '127.0.0.1', '-p', String(port), ...args]);
    if (result.code !== 0) throw new Error(`redis-cli ${args.join(' ')} failed:\n${result.output}`);
    return result.output.trim();
  };

  const freePort = (): Promise<number> =>
    new Promise((found, failed) => {
      const probe = createServer();
      probe.once('error', failed);
      probe.listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as AddressInfo;
        probe.close(() => found(free));
      });
    });

  beforeAll(async () => {
    const redisServer = requireTool('redis-server', 'Install it with: apt-get install redis-server');
    dataDir = mkdtempSync(join(tmpdir(), 'freight-redis-conf-'));
    port = await freePort();
    // The file as written, plus only what a throwaway test instance needs: its own port,
    // data folder, and loopback instead of the compose network.
    redis = spawn(redisServer, [docker('redis', 'redis.conf'), '--port', String(port), '--dir', dataDir, '--bind', '127.0.0.1'], {
      cwd: dataDir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    redis.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    redis.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    const exited = new Promise<void>((stopped) => redis?.once('exit', () => stopped()));
    const deadline = Date.now() + 10_000;
    for (;;) {
      const state = await Promise.race([exited.then(() => 'exited'), new Promise<string>((wait) => setTimeout(() => wait('waiting'), 50))]);
      if (state === 'exited') throw new Error(`redis-server refused docker/redis/redis.conf:\n${log}`);
      const ping = await run(requireTool('redis-cli', 'apt-get install redis-server'), ['-h', '127.0.0.1', '-p', String(port), 'ping']);
      if (ping.output.includes('PONG')) break;
      if (Date.now() > deadline) throw new Error(`redis-server did not answer within 10 s:\n${log}`);
    }
  });

  afterAll(async () => {
    if (redis && redis.exitCode === null) {
      const exited = new Promise<void>((stopped) => redis?.once('exit', () => stopped()));
      redis.kill('SIGTERM');
      await exited;
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('is accepted and applied by redis-server, directive by directive', async () => {
    const expected: Record<string, string> = {
      maxmemory: String(512 * 1024 * 1024),
      'maxmemory-policy': 'allkeys-lru',
      timeout: '300',
      'tcp-keepalive': '60',
      hz: '10',
      databases: '16',
      // No persistence: a restored generation could validate an entry a write invalidated.
      save: '',
      appendonly: 'no',
      'slowlog-log-slower-than': '10000',
      'slowlog-max-len': '128',
      'protected-mode': 'no',
    };
    const actual: Record<string, string> = {};
    for (const name of Object.keys(expected)) {
      const [, value] = (await cli('config', 'get', name)).split('\n');
      actual[name] = value ?? ''; // redis-cli prints nothing for an empty value
    }
    expect(actual).toEqual(expected);
  });

  it('accepts writes on its own, with no replica (min-replicas-to-write stays off)', async () => {
    expect(await cli('config', 'get', 'min-replicas-to-write')).toBe('min-replicas-to-write\n0');
    expect(await cli('set', 'freight:deploy-files', 'ok')).toBe('OK');
    expect(await cli('get', 'freight:deploy-files')).toBe('ok');
  });
});
