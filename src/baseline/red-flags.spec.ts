import { ApiMetricsData, BaselineReport, PostgresData, RedisData } from './baseline-report';
import { findRedFlags } from './red-flags';
import { renderMarkdown } from './render-markdown';

const metrics: ApiMetricsData = {
  url: 'http://api/metrics',
  cpuSecondsTotal: 10,
  cpuCoreShare: 0.9,
  sampleSeconds: 1,
  uptimeSeconds: 100,
  residentMemoryBytes: 100 * 1024 * 1024,
  heapUsedBytes: 50 * 1024 * 1024,
  httpRequestsTotal: 100,
  http5xxTotal: 2,
  cache: { hits: 10, misses: 30, bypasses: 0, hitRate: 0.25, byRoute: [{ route: '/api/loads', hits: 10, misses: 30, bypasses: 0, hitRate: 0.25 }] },
  dbPool: { active: 10, idle: 0, waiting: 3, max: 10 },
};
const redis: RedisData = {
  url: 'redis://r',
  version: '7',
  keyspaceHits: 900,
  keyspaceMisses: 100,
  hitRate: 0.9,
  usedMemoryBytes: 95,
  usedMemoryHuman: '95B',
  maxMemoryBytes: 100,
  memoryUsedShare: 0.95,
  maxMemoryPolicy: 'allkeys-lru',
  evictedKeys: 4,
  connectedClients: 2,
  keys: 10,
};
const postgres: PostgresData = {
  url: 'postgres://p',
  version: 'PostgreSQL 17.2, compiled',
  database: 'freight',
  pgStatStatements: { available: true, top: [{ query: 'SELECT * FROM loads | x', calls: 3, meanMs: 250, totalMs: 750, rows: 3 }] },
  tables: [{ table: 'loads', seqScan: 90, idxScan: 10, liveRows: 5000, seqShare: 0.9 }],
  connections: [{ state: 'idle', count: 5 }],
  maxConnections: 100,
};

describe('findRedFlags', () => {
  it('raises each red flag the snapshot shows', () => {
    const flags = findRedFlags({
      health: { ok: true, data: { url: 'h', status: 503, healthy: false, body: {} } },
      metrics: { ok: true, data: metrics },
      redis: { ok: true, data: redis },
      postgres: { ok: true, data: postgres },
    });
    const text = flags.join('\n');
    for (const expected of [
      'answered 503',
      'cache hit rate 25.0%',
      '5xx responses are 2.0%',
      'CPU is 90.0%',
      'pool exhausted',
      'Redis memory is 95.0%',
      'evicted 4',
      'averages 250 ms',
      'Table loads',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('keyspace hit rate');
  });

  it('raises none for a quiet system, and the report says so', () => {
    const sources: BaselineReport['sources'] = {
      health: { ok: true, data: { url: 'h', status: 200, healthy: true, body: { status: 'ok' } } },
      metrics: { ok: false, error: 'API metrics at x are unavailable: ECONNREFUSED' },
      redis: { ok: true, data: { ...redis, memoryUsedShare: 0.1, evictedKeys: 0 } },
      postgres: { ok: true, data: { ...postgres, pgStatStatements: { available: false, reason: 'not enabled' }, tables: [] } },
    };
    const report: BaselineReport = { generatedAt: '2026-01-01T00:00:00.000Z', sources, flags: findRedFlags(sources) };
    expect(report.flags).toEqual([]);
    const markdown = renderMarkdown(report);
    expect(markdown).toContain('None of the red flags checked here is raised.');
    expect(markdown).toContain('> **Not collected:** API metrics at x are unavailable: ECONNREFUSED');
    expect(markdown).toContain('> Not available: not enabled');
    expect(markdown).toContain('Sources reached: health, redis, postgres');
  });

  it('escapes table cells', () => {
    const sources: BaselineReport['sources'] = {
      health: { ok: false, error: 'down' },
      metrics: { ok: false, error: 'down' },
      redis: { ok: false, error: 'down' },
      postgres: { ok: true, data: postgres },
    };
    const markdown = renderMarkdown({ generatedAt: 'now', sources, flags: [] });
    expect(markdown).toContain('SELECT * FROM loads \\| x');
  });
});
