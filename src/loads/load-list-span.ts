import type { RawQuery } from '../cache/cache-dependency';
import { decodeCursor } from '../common/cursor';

/** The created_at span a load list's rows can come from: from <= created_at <= to. */
export interface CreatedSpan {
  /** Absent: since the start of time. */
  from?: Date;
  to: Date;
}

/**
 * The span a list query selects, read from the raw query before validation, or null when it is
 * unbounded above (no cursor and no createdTo: new loads enter it) or anything in it does not
 * parse. Null then means "depend on the whole status", which is always correct; an invalid
 * query is answered 400 by the handler anyway, so nothing here may throw.
 *
 * Mirrors LoadsService.list: a cursor keeps rows with (created_at, id) < (cursor), so
 * created_at <= the cursor's createdAt (decoded by the same decodeCursor); createdTo and
 * createdFrom are inclusive and parsed as `new Date(value)`, as the service does.
 */
export function createdSpanOf(query: RawQuery): CreatedSpan | null {
  const cursor = single(query, 'cursor');
  const createdTo = single(query, 'createdTo');
  const createdFrom = single(query, 'createdFrom');
  if (cursor === null || createdTo === null || createdFrom === null) return null;
  const uppers: Date[] = [];
  if (cursor !== undefined) {
    try {
      uppers.push(decodeCursor(cursor).createdAt);
    } catch {
      return null;
    }
  }
  if (createdTo !== undefined) uppers.push(new Date(createdTo));
  const from = createdFrom === undefined ? undefined : new Date(createdFrom);
  if (uppers.length === 0 || [...uppers, ...(from ? [from] : [])].some((date) => Number.isNaN(date.getTime()))) return null;
  const to = new Date(Math.min(...uppers.map((date) => date.getTime())));
  // An empty range (createdTo before createdFrom) is a 400; nothing to narrow.
  if (from && from.getTime() > to.getTime()) return null;
  return from ? { from, to } : { to };
}

/** The parameter's one value; undefined when absent, null when repeated (a 400 or ambiguous). */
function single(query: RawQuery, name: string): string | undefined | null {
  const value = query[name];
  if (Array.isArray(value)) return value.length === 1 ? value[0] : null;
  return value;
}
