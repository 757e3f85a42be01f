import { parseLsn } from './wal-lsn';

/**
 * The primary's WAL position, read after a commit: at or past the end of every commit that
 * finished before the query was sent.
 *
 * Why the insert position and not pg_current_wal_lsn() (the write position): with
 * synchronous_commit=off a commit answers before its record is written, so the write position
 * can still be short of it. The insert position never is.
 */
export const WAL_POSITION_SQL = `SELECT pg_current_wal_insert_lsn()::text AS lsn,
  current_setting('wal_block_size')::int AS block,
  pg_size_bytes(current_setting('wal_segment_size'))::text AS segment`;

export interface WalPositionRow {
  lsn: string;
  block: number;
  segment: string;
}

/** XLogPageHeaderData and XLogLongPageHeaderData, MAXALIGNed (64-bit builds). */
const SHORT_PAGE_HEADER = 24n;
const LONG_PAGE_HEADER = 40n;

/**
 * The insert position at the start of an empty WAL page points past the page header, where the
 * next record will go; a replica that replayed everything reports the page boundary itself. On
 * an idle primary that would read as a replica forever one header behind, so the header is
 * taken off: the end of the last record inserted, which is what a replica reaches.
 */
export function endOfInsertedWal(row: WalPositionRow): bigint | null {
  const insert = parseLsn(row.lsn);
  if (insert === null) return null;
  const block = BigInt(row.block);
  const segment = BigInt(row.segment);
  if (segment > 0n && insert % segment === LONG_PAGE_HEADER) return insert - LONG_PAGE_HEADER;
  if (block > 0n && insert % block === SHORT_PAGE_HEADER) return insert - SHORT_PAGE_HEADER;
  return insert;
}
