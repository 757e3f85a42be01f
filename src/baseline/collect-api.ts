import { parsePrometheusText, PrometheusSample, selectSamples, sumSamples } from '../metrics/prometheus-text';
import { ApiMetricsData, HealthData, ratio, RouteCacheStats, SourceResult } from './baseline-report';

interface FetchCause {
  code?: string;
  message?: string;
  errors?: FetchCause[];
}

/** fetch only says "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND...) is in its cause. */
function describe(error: unknown): string {
  if ((error as Error)?.name === 'TimeoutError') return 'timed out';
  const cause = (error as { cause?: FetchCause })?.cause;
  const inner = cause?.errors?.[0] ?? cause;
  if (inner?.code || inner?.message) return inner.message || inner.code!;
  return (error as Error)?.message ?? String(error);
}

async function get(url: string, timeoutMs: number): Promise<{ status: number; text: string }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  return { status: response.status, text: await response.text() };
}

/** GET /api/health: 200 when the API and its database answer, 503 when a dependency is down. */
export async function collectHealth(apiUrl: string, timeoutMs: number): Promise<SourceResult<HealthData>> {
  const url = `${apiUrl}/api/health`;
  try {
    const { status, text } = await get(url, timeoutMs);
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON: kept as text.
    }
    return { ok: true, data: { url, status, healthy: status === 200, body } };
  } catch (error) {
    return { ok: false, error: `API health at ${url} is unreachable: ${describe(error)}` };
  }
}

function one(samples: PrometheusSample[], name: string, where: Record<string, string> = {}): number | null {
  return sumSamples(samples, name, where) ?? null;
}

function cacheByRoute(samples: PrometheusSample[]): RouteCacheStats[] {
  const routes = new Set(
    ['cache_hits_total', 'cache_misses_total', 'cache_bypasses_total'].flatMap((name) => selectSamples(samples, name).map((s) => s.labels.route)),
  );
  return [...routes]
    .map((route) => {
      const hits = sumSamples(samples, 'cache_hits_total', { route }) ?? 0;
      const misses = sumSamples(samples, 'cache_misses_total', { route }) ?? 0;
      const bypasses = sumSamples(samples, 'cache_bypasses_total', { route }) ?? 0;
      return { route, hits, misses, bypasses, hitRate: ratio(hits, misses) };
    })
    .sort((a, b) => b.hits + b.misses - (a.hits + a.misses));
}

/** Summarises one /metrics scrape; `earlier` (sampleSeconds before) gives the CPU share. */
export function summariseMetrics(
  url: string,
  samples: PrometheusSample[],
  earlier: PrometheusSample[] | null,
  sampleSeconds: number,
  nowSeconds: number,
): ApiMetricsData {
  const cpu = one(samples, 'process_cpu_seconds_total');
  const cpuBefore = earlier ? one(earlier, 'process_cpu_seconds_total') : null;
  const started = one(samples, 'process_start_time_seconds');
  const hits = sumSamples(samples, 'cache_hits_total') ?? 0;
  const misses = sumSamples(samples, 'cache_misses_total') ?? 0;
  const http5xx = selectSamples(samples, 'http_requests_total')
    .filter((s) => s.labels.status?.startsWith('5'))
    .reduce((total, s) => total + s.value, 0);
  return {
    url,
    cpuSecondsTotal: cpu,
    cpuCoreShare: cpu !== null && cpuBefore !== null && sampleSeconds > 0 ? Math.max(0, cpu - cpuBefore) / sampleSeconds : null,
    sampleSeconds,
    uptimeSeconds: started !== null ? Math.max(0, nowSeconds - started) : null,
    residentMemoryBytes: one(samples, 'process_resident_memory_bytes'),
    heapUsedBytes: one(samples, 'nodejs_heap_size_used_bytes'),
    httpRequestsTotal: one(samples, 'http_requests_total'),
    http5xxTotal: http5xx,
    cache: { hits, misses, bypasses: sumSamples(samples, 'cache_bypasses_total') ?? 0, hitRate: ratio(hits, misses), byRoute: cacheByRoute(samples) },
    dbPool: {
      active: one(samples, 'db_connections_active', { state: 'active' }),
      idle: one(samples, 'db_connections_active', { state: 'idle' }),
      waiting: one(samples, 'db_connections_active', { state: 'waiting' }),
      max: one(samples, 'db_pool_max'),
    },
  };
}

/** The API process's CPU and memory and the cache counters, from its /metrics. */
export async function collectApiMetrics(apiUrl: string, timeoutMs: number, sampleSeconds: number): Promise<SourceResult<ApiMetricsData>> {
  const url = `${apiUrl}/metrics`;
  const scrape = async () => {
    const { status, text } = await get(url, timeoutMs);
    if (status !== 200) throw new Error(`answered ${status}${status === 404 ? ' (METRICS_ENABLED=false?)' : ''}`);
    return parsePrometheusText(text);
  };
  try {
    const first = await scrape();
    let last = first;
    let earlier: PrometheusSample[] | null = null;
    if (sampleSeconds > 0) {
      await new Promise((resolve) => setTimeout(resolve, sampleSeconds * 1000));
      earlier = first;
      last = await scrape();
    }
    const data = summariseMetrics(url, last, earlier, sampleSeconds, Date.now() / 1000);
    if (data.residentMemoryBytes === null) return { ok: false, error: `${url} has no process metrics (is it the freight API?)` };
    return { ok: true, data };
  } catch (error) {
    return { ok: false, error: `API metrics at ${url} are unavailable: ${describe(error)}` };
  }
}
