import { DataSource, EntityManager } from 'typeorm';

export interface OutboxRow {
  id: string;
  dependencies: string[];
}

export interface OutboxBacklog {
  pending: number;
  /** Age of the oldest row in ms, or null when none is pending. */
  oldestAgeMs: number | null;
}

const TABLE = 'cache_invalidation_outbox';

/** The SQL of the cache's transactional outbox (CacheInvalidationRecord). */
export class InvalidationOutbox {
  constructor(private readonly dataSource: DataSource) {}

  /** In the write's own transaction: one INSERT, so the commit carries its invalidation. */
  async record(manager: EntityManager, dependencies: string[]): Promise<string> {
    const rows = await manager.query<Array<{ id: string }>>(`INSERT INTO ${TABLE} (dependencies) VALUES ($1) RETURNING id`, [dependencies]);
    return String(rows[0].id);
  }

  async remove(ids: string[]): Promise<void> {
    if (ids.length > 0) await this.dataSource.query(`DELETE FROM ${TABLE} WHERE id = ANY($1::bigint[])`, [ids]);
  }

  async exists(id: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(`SELECT 1 FROM ${TABLE} WHERE id = $1`, [id]);
    return rows.length > 0;
  }

  /** The oldest rows, at least minAgeMs old (younger ones are left to their writer). */
  async due(minAgeMs: number, limit: number): Promise<OutboxRow[]> {
    const rows = await this.dataSource.query<Array<{ id: string; dependencies: string[] }>>(
      `SELECT id, dependencies FROM ${TABLE} WHERE created_at <= now() - make_interval(secs => $1::double precision / 1000) ORDER BY id LIMIT $2`,
      [minAgeMs, limit],
    );
    return rows.map((row) => ({ id: String(row.id), dependencies: row.dependencies }));
  }

  /**
   * Removes the rows whose invalidations were applied (acknowledged) and reads what is left, in
   * one statement: the relay's one round trip per tick, instead of a DELETE per write. The
   * CTE's DELETE is invisible to the SELECT's snapshot, hence the explicit exclusion.
   */
  async acknowledgeAndCount(applied: string[]): Promise<OutboxBacklog> {
    const rows = await this.dataSource.query<Array<{ pending: number; oldestAgeMs: number | null }>>(
      `WITH removed AS (DELETE FROM ${TABLE} WHERE id = ANY($1::bigint[]))
       SELECT count(*)::int AS pending, (extract(epoch FROM now() - min(created_at)) * 1000)::float8 AS "oldestAgeMs"
       FROM ${TABLE} WHERE id <> ALL($1::bigint[])`,
      [applied],
    );
    return { pending: rows[0].pending, oldestAgeMs: rows[0].oldestAgeMs === null ? null : Math.round(rows[0].oldestAgeMs) };
  }
}

const BATCH = 500;

/**
 * Applies the outbox rows at least minAgeMs old, a batch at a time, until none is left: one
 * invalidation for the batch's distinct dependencies, then one DELETE. Two instances applying
 * the same row only move a generation twice (an extra miss), never lose one.
 */
export async function applyOutbox(
  outbox: InvalidationOutbox,
  invalidate: (dependencies: string[]) => Promise<void>,
  minAgeMs: number,
): Promise<number> {
  let applied = 0;
  for (;;) {
    const rows = await outbox.due(minAgeMs, BATCH);
    if (rows.length === 0) return applied;
    await invalidate([...new Set(rows.flatMap((row) => row.dependencies))]);
    await outbox.remove(rows.map((row) => row.id));
    applied += rows.length;
    if (rows.length < BATCH) return applied;
  }
}
