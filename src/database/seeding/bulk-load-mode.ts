import type { QueryRunner } from 'typeorm';

/**
 * PostgreSQL's own advice for populating a database ("Populating a Database" in the manual):
 * drop secondary indexes and foreign keys, load, then rebuild them. One sorted index build
 * beats a million random inserts into the index, and one validating join beats a million
 * per-row foreign-key trigger checks (measured: the triggers alone cost ~17 s per million
 * rows per foreign key here). Primary keys and unique indexes stay, so uniqueness is still
 * checked row by row and other tables' foreign keys keep their target.
 *
 * Everything runs inside the caller's transaction: a failure rolls the drops back too. The
 * table is locked for writes (and reads) meanwhile, which is fine for a seed, not for traffic.
 */
export interface SuspendedConstraints {
  /** Recreates what was dropped, from the definitions PostgreSQL itself reported. */
  restore(): Promise<void>;
}

/** Rebuilding costs time in proportion to the whole table, so it pays only for a big batch. */
export function rebuildPays(existingRows: number, newRows: number): boolean {
  return newRows >= 10_000 && newRows * 3 >= existingRows;
}

export async function estimatedRowCount(runner: QueryRunner, table: string): Promise<number> {
  const estimateSql = 'SELECT reltuples::float8 AS estimate FROM pg_class WHERE oid = $1::regclass';
  const rows = (await runner.query(estimateSql, [table])) as Array<{ estimate: number }>;
  const estimate = rows[0]?.estimate ?? -1;
  // reltuples is -1 until the first VACUUM or ANALYZE.
  if (estimate >= 0) return estimate;
  const counted = (await runner.query(`SELECT count(*)::float8 AS count FROM ${quoteIdentifier(table)}`)) as Array<{ count: number }>;
  return counted[0].count;
}

export async function suspendSecondaryIndexesAndForeignKeys(runner: QueryRunner, table: string): Promise<SuspendedConstraints> {
  const indexes = (await runner.query(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
     FROM pg_index i
     WHERE i.indrelid = $1::regclass AND NOT i.indisprimary AND NOT i.indisunique
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid)
     ORDER BY 1`,
    [table],
  )) as Array<{ name: string; definition: string }>;
  const foreignKeys = (await runner.query(
    `SELECT conname AS name, pg_get_constraintdef(oid) AS definition
     FROM pg_constraint WHERE conrelid = $1::regclass AND contype = 'f' ORDER BY 1`,
    [table],
  )) as Array<{ name: string; definition: string }>;
  const quotedTable = quoteIdentifier(table);
  for (const foreignKey of foreignKeys) {
    await runner.query(`ALTER TABLE ${quotedTable} DROP CONSTRAINT ${quoteIdentifier(foreignKey.name)}`);
  }
  // regclass output is already quoted (and schema-qualified when needed).
  if (indexes.length) await runner.query(`DROP INDEX ${indexes.map((i) => i.name).join(', ')}`);

  return {
    async restore() {
      for (const index of indexes) await runner.query(index.definition);
      for (const foreignKey of foreignKeys) {
        await runner.query(`ALTER TABLE ${quotedTable} ADD CONSTRAINT ${quoteIdentifier(foreignKey.name)} ${foreignKey.definition}`);
      }
    },
  };
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
