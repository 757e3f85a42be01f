import { Client } from 'pg';
import { PostgresData, redactUrl, SlowQuery, SourceResult, TableScans } from './baseline-report';

const TOP_QUERIES = `
  SELECT query, calls::bigint AS calls, mean_exec_time AS mean_ms, total_exec_time AS total_ms, rows::bigint AS rows
  FROM pg_stat_statements
  WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
  ORDER BY mean_exec_time DESC
  LIMIT $1`;
/** pg returns bigint columns as strings. */
interface TopQueryRow {
  query: string;
  calls: string;
  mean_ms: number;
  total_ms: number;
  rows: string;
}

const TABLE_SCANS = `
  SELECT relname AS table, coalesce(seq_scan, 0)::bigint AS seq_scan, coalesce(idx_scan, 0)::bigint AS idx_scan,
         n_live_tup::bigint AS live_rows
  FROM pg_stat_user_tables
  ORDER BY coalesce(seq_scan, 0) DESC, relname`;
interface TableScanRow {
  table: string;
  seq_scan: string;
  idx_scan: string;
  live_rows: string;
}

const CONNECTIONS = `
  SELECT coalesce(state, 'background') AS state, count(*)::int AS count
  FROM pg_stat_activity
  WHERE datname = current_database()
  GROUP BY 1
  ORDER BY 2 DESC, 1`;
interface ConnectionRow {
  state: string;
  count: number;
}

/** Why pg_stat_statements gave nothing, or null when it can be read. */
async function statementsUnavailable(client: Client): Promise<string | null> {
  const installed = await client.query(`SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements'`);
  if (installed.rowCount === 0) {
    return 'pg_stat_statements is not enabled in this database (add it to shared_preload_libraries and run CREATE EXTENSION pg_stat_statements; docker/postgres/initdb does both)';
  }
  return null;
}

async function topQueries(client: Client, limit: number): Promise<{ available: true; top: SlowQuery[] } | { available: false; reason: string }> {
  const reason = await statementsUnavailable(client);
  if (reason) return { available: false, reason };
  try {
    const result = await client.query<TopQueryRow>(TOP_QUERIES, [limit]);
    return {
      available: true,
      top: result.rows.map((row) => ({
        query: String(row.query).replace(/\s+/g, ' ').trim(),
        calls: Number(row.calls),
        meanMs: Number(row.mean_ms),
        totalMs: Number(row.total_ms),
        rows: Number(row.rows),
      })),
    };
  } catch (error) {
    // Created but not preloaded: "pg_stat_statements must be loaded via shared_preload_libraries".
    return { available: false, reason: `pg_stat_statements is installed but cannot be read: ${(error as Error).message}` };
  }
}

/** PostgreSQL: slowest statements (pg_stat_statements), sequential vs index scans, connections. */
export async function collectPostgres(url: string | undefined, timeoutMs: number, topLimit = 10): Promise<SourceResult<PostgresData>> {
  if (!url) return { ok: false, error: 'DATABASE_URL is not set: PostgreSQL skipped' };
  const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs, application_name: 'freight-baseline' });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const [version, database, maxConnections] = await Promise.all([
      client.query<{ v: string }>('SELECT version() AS v'),
      client.query<{ d: string }>('SELECT current_database() AS d'),
      client.query<{ max_connections: string }>('SHOW max_connections'),
    ]);
    const statements = await topQueries(client, topLimit);
    const tables: TableScans[] = (await client.query<TableScanRow>(TABLE_SCANS)).rows.map((row) => {
      const seqScan = Number(row.seq_scan);
      const idxScan = Number(row.idx_scan);
      return {
        table: row.table,
        seqScan,
        idxScan,
        liveRows: Number(row.live_rows),
        seqShare: seqScan + idxScan > 0 ? seqScan / (seqScan + idxScan) : null,
      };
    });
    const connections = (await client.query<ConnectionRow>(CONNECTIONS)).rows.map((row) => ({ state: String(row.state), count: Number(row.count) }));
    return {
      ok: true,
      data: {
        url: redactUrl(url),
        version: version.rows[0].v,
        database: database.rows[0].d,
        pgStatStatements: statements,
        tables,
        connections,
        maxConnections: Number(maxConnections.rows[0].max_connections) || null,
      },
      notes: statements.available ? undefined : [statements.reason],
    };
  } catch (error) {
    return { ok: false, error: `PostgreSQL at ${redactUrl(url)} is unreachable: ${(error as Error).message}` };
  } finally {
    await client.end().catch(() => undefined);
  }
}
