import type { SelectQueryBuilder } from 'typeorm';
import { decodeCursor, Page, toPage } from './cursor';

/**
 * Runs a newest-first list one page at a time: the rows of `qb` (its filters already added)
 * after the cursor, as `WHERE (created_at, id) < (cursor) ORDER BY created_at DESC, id DESC
 * LIMIT limit + 1`, so every page is one index range scan whatever its depth. A forged cursor
 * answers 400 before the database is asked.
 */
export async function fetchKeysetPage<T extends { createdAt: Date; id: string }, R>(
  qb: SelectQueryBuilder<T>,
  page: { limit: number; cursor?: string },
  map: (row: T) => R,
): Promise<Page<R>> {
  const { alias } = qb;
  if (page.cursor !== undefined) {
    const after = decodeCursor(page.cursor);
    // Parameter names of their own, so they cannot clash with a filter's.
    qb.andWhere(`(${alias}.createdAt, ${alias}.id) < (:keysetCreatedAt, :keysetId)`, { keysetCreatedAt: after.createdAt, keysetId: after.id });
  }
  const rows = await qb
    .orderBy(`${alias}.createdAt`, 'DESC')
    .addOrderBy(`${alias}.id`, 'DESC')
    .limit(page.limit + 1)
    .getMany();
  return toPage(rows, page.limit, map);
}
