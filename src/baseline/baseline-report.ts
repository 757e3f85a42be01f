/** What one source gave: its data, or why it gave nothing. */
export type SourceResult<T> = { ok: true; data: T; notes?: string[] } | { ok: false; error: string };

export interface HealthData {
  url: string;
  status: number;
  healthy: boolean;
  body: unknown;
}

export interface RouteCacheStats {
  route: string;
  hits: number;
  misses: number;
  bypasses: number;
  hitRate: number | null;
}

export interface ApiMetricsData {
  url: string;
  cpuSecondsTotal: number | null;
  /** Share of one core used between two scrapes sampleSeconds apart (null when not sampled). */
  cpuCoreShare: number | null;
  sampleSeconds: number;
  uptimeSeconds: number | null;
  residentMemoryBytes: number | null;
  heapUsedBytes: number | null;
  httpRequestsTotal: number | null;
  http5xxTotal: number | null;
  cache: { hits: number; misses: number; bypasses: number; hitRate: number | null; byRoute: RouteCacheStats[] };
  dbPool: { active: number | null; idle: number | null; waiting: number | null; max: number | null };
}

export interface RedisData {
  url: string;
  version: string | null;
  keyspaceHits: number;
  keyspaceMisses: number;
  hitRate: number | null;
  usedMemoryBytes: number;
  usedMemoryHuman: string | null;
  maxMemoryBytes: number;
  memoryUsedShare: number | null;
  maxMemoryPolicy: string | null;
  evictedKeys: number;
  connectedClients: number | null;
  keys: number;
}

export interface SlowQuery {
  query: string;
  calls: number;
  meanMs: number;
  totalMs: number;
  rows: number;
}

export interface TableScans {
  table: string;
  seqScan: number;
  idxScan: number;
  liveRows: number;
  /** seq / (seq + idx); null when the table was never scanned. */
  seqShare: number | null;
}

export interface PostgresData {
  url: string;
  version: string;
  database: string;
  pgStatStatements: { available: true; top: SlowQuery[] } | { available: false; reason: string };
  tables: TableScans[];
  connections: { state: string; count: number }[];
  maxConnections: number | null;
}

export interface BaselineReport {
  generatedAt: string;
  sources: {
    health: SourceResult<HealthData>;
    metrics: SourceResult<ApiMetricsData>;
    redis: SourceResult<RedisData>;
    postgres: SourceResult<PostgresData>;
  };
  /** The original design's red flags that the numbers above raise. */
  flags: string[];
}

export function reachedSources(report: BaselineReport): string[] {
  return Object.entries(report.sources)
    .filter(([, result]) => result.ok)
    .map(([name]) => name);
}

/** a / (a + b), or null when both are 0. */
export function ratio(part: number, other: number): number | null {
  const total = part + other;
  return total > 0 ? part / total : null;
}

/** Hides the password of a connection URL before it is written to a report. */
export function redactUrl(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return raw;
  }
}
