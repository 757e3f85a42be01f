import { Client } from 'pg';

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  Plans?: PlanNode[];
}

export interface ExplainResult {
  /** Median server-side execution time over the runs, ms. */
  medianMs: number;
  minMs: number;
  maxMs: number;
  planningMs: number;
  /** Indexes the plan reads, in plan order. */
  indexes: string[];
  /** Node types from the root down, e.g. Limit > Incremental Sort > Index Scan. */
  shape: string;
  /** Shared buffers touched (hit + read) by the last run. */
  buffers: number;
}

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * EXPLAIN (ANALYZE, BUFFERS) one query `runs` times after one unmeasured run (so every
 * measured run reads warm shared buffers, as a busy API would) and summarises the timings.
 */
export async function explainAnalyze(client: Client, sql: string, params: unknown[], runs: number): Promise<ExplainResult> {
  const times: number[] = [];
  let last: { Plan: PlanNode; 'Planning Time': number; 'Execution Time': number } | undefined;
  for (let i = 0; i <= runs; i++) {
    const result = await client.query<{ 'QUERY PLAN': Array<NonNullable<typeof last>> }>(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`, params);
    last = result.rows[0]['QUERY PLAN'][0];
    if (i > 0) times.push(last['Execution Time']);
  }
  const all = nodes(last!.Plan);
  const shape: string[] = [];
  for (let node: PlanNode | undefined = last!.Plan; node; node = node.Plans?.[0]) {
    shape.push(node['Index Name'] ? `${node['Node Type']} (${node['Index Name']})` : node['Node Type']);
  }
  return {
    medianMs: median(times),
    minMs: Math.min(...times),
    maxMs: Math.max(...times),
    planningMs: last!['Planning Time'],
    indexes: all.map((n) => n['Index Name']).filter((name): name is string => Boolean(name)),
    shape: shape.join(' > '),
    buffers: all.length ? (last!.Plan['Shared Hit Blocks'] ?? 0) + (last!.Plan['Shared Read Blocks'] ?? 0) : 0,
  };
}

/** Runs `work` with the indexes dropped inside a transaction that is always rolled back. */
export async function withoutIndexesInTransaction<T>(client: Client, indexes: string[], work: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    for (const name of indexes) await client.query(`DROP INDEX ${quoteIdent(name)}`);
    return await work();
  } finally {
    await client.query('ROLLBACK');
  }
}

export function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unexpected index name ${name}`);
  return `"${name}"`;
}

/** Drops the indexes for good (other connections, such as the API's, see it) and returns how to put them back. */
export async function dropIndexesCommitted(client: Client, indexes: string[]): Promise<() => Promise<void>> {
  const defs = (await client.query(`SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND indexname = ANY($1)`, [indexes]))
    .rows as Array<{
    indexname: string;
    indexdef: string;
  }>;
  if (defs.length !== indexes.length) throw new Error(`missing indexes: ${indexes.join(', ')}`);
  for (const name of indexes) await client.query(`DROP INDEX ${quoteIdent(name)}`);
  return async () => {
    for (const def of defs) await client.query(def.indexdef);
  };
}
