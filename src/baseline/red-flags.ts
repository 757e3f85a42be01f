import { BaselineReport } from './baseline-report';

/** The api service's mem_limit in docker/docker-compose.yml (also the ApiMemoryHigh alert's). */
export const API_MEMORY_LIMIT_BYTES = 1024 ** 3;

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

/**
 * The original design's red flags (the thresholds of docker/prometheus/alerts.yml) checked
 * against one snapshot. A snapshot has no rates, so counters are judged since process start.
 */
export function findRedFlags(sources: BaselineReport['sources']): string[] {
  const flags: string[] = [];
  const { health, metrics, redis, postgres } = sources;

  if (health.ok && !health.data.healthy) flags.push(`API health answered ${health.data.status}: a dependency is down`);

  if (metrics.ok) {
    const m = metrics.data;
    const lookups = m.cache.hits + m.cache.misses;
    if (m.cache.hitRate !== null && lookups >= 20 && m.cache.hitRate < 0.6) {
      flags.push(`API cache hit rate ${percent(m.cache.hitRate)} is under 60% (${lookups} lookups)`);
    }
    if (m.httpRequestsTotal && m.http5xxTotal !== null && m.http5xxTotal / m.httpRequestsTotal > 0.01) {
      flags.push(`5xx responses are ${percent(m.http5xxTotal / m.httpRequestsTotal)} of all requests (over 1%)`);
    }
    if (m.residentMemoryBytes !== null && m.residentMemoryBytes > 0.9 * API_MEMORY_LIMIT_BYTES) {
      flags.push(`API resident memory is over 90% of its 1 GiB limit`);
    }
    if (m.cpuCoreShare !== null && m.cpuCoreShare > 0.85) {
      flags.push(`API CPU is ${percent(m.cpuCoreShare)} of one core (over 85%: the event loop is near saturation)`);
    }
    const { active, waiting, max } = m.dbPool;
    if ((waiting ?? 0) > 0 || (active !== null && max !== null && active >= max)) {
      flags.push(`Database pool exhausted: ${active} active of ${max}, ${waiting} waiting`);
    }
  }

  if (redis.ok) {
    const r = redis.data;
    if (r.hitRate !== null && r.keyspaceHits + r.keyspaceMisses >= 100 && r.hitRate < 0.6) {
      flags.push(`Redis keyspace hit rate ${percent(r.hitRate)} is under 60%`);
    }
    if (r.memoryUsedShare !== null && r.memoryUsedShare > 0.9) flags.push(`Redis memory is ${percent(r.memoryUsedShare)} of maxmemory`);
    if (r.evictedKeys > 0) flags.push(`Redis evicted ${r.evictedKeys} keys: maxmemory is too small for the working set`);
  }

  if (postgres.ok) {
    const p = postgres.data;
    if (p.pgStatStatements.available) {
      for (const q of p.pgStatStatements.top.filter((s) => s.meanMs > 200)) {
        flags.push(`Query averages ${q.meanMs.toFixed(0)} ms (over 200 ms): ${q.query.slice(0, 120)}`);
      }
    }
    for (const t of p.tables.filter((t) => t.liveRows >= 1000 && t.seqShare !== null && t.seqShare > 0.5)) {
      flags.push(`Table ${t.table} (${t.liveRows} rows) is read mostly by sequential scans (${percent(t.seqShare!)}): a missing index?`);
    }
    const total = p.connections.reduce((sum, c) => sum + c.count, 0);
    if (p.maxConnections && total > 0.8 * p.maxConnections) {
      flags.push(`PostgreSQL has ${total} connections to this database, over 80% of max_connections (${p.maxConnections})`);
    }
  }
  return flags;
}
