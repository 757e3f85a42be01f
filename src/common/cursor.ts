import { BadRequestException } from '@nestjs/common';

/** A keyset position: the (createdAt, id) of the last row of the previous page. */
export interface Cursor {
  createdAt: Date;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function encodeCursor(row: { createdAt: Date; id: string }): string {
  return Buffer.from(JSON.stringify([row.createdAt.toISOString(), row.id])).toString('base64url');
}

/** Throws a 400 naming the `cursor` field for anything that is not a cursor this API issued. */
export function decodeCursor(raw: string): Cursor {
  const invalid = () =>
    new BadRequestException({
      message: 'Invalid cursor: pass the nextCursor value of a previous page unchanged',
      details: [{ field: 'cursor', messages: ['cursor is not a valid pagination cursor'] }],
    });
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(raw)) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) throw invalid();
  const [createdAt, id] = parsed as unknown[];
  if (typeof createdAt !== 'string' || !ISO.test(createdAt) || typeof id !== 'string' || !UUID.test(id)) throw invalid();
  const date = new Date(createdAt);
  if (Number.isNaN(date.getTime())) throw invalid();
  return { createdAt: date, id };
}

/** A page of a newest-first list. */
export interface Page<T> {
  data: T[];
  /** Pass as `cursor` to get the next page; null on the last page. */
  nextCursor: string | null;
  limit: number;
}

/** Given limit + 1 rows fetched, trims to limit and computes the next cursor. */
export function toPage<T extends { createdAt: Date; id: string }, R>(rows: T[], limit: number, map: (row: T) => R): Page<R> {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  return {
    data: pageRows.map(map),
    nextCursor: hasMore ? encodeCursor(pageRows[pageRows.length - 1]) : null,
    limit,
  };
}
