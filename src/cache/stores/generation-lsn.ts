import { parseLsn } from '../../database/replicas/wal-lsn';

/**
 * The WAL position a generation carries, for read replicas. Only the generation VALUE is
 * concerned here; key names and layout are the stores' business.
 *
 * An invalidation sets "<token>.<i>" as before. Then, with read replicas configured, the
 * invalidator reads the primary's WAL position and attaches it, "<token>.<i>@<lsn>" (pg_lsn
 * text, "16/B374D848": no comma or newline, so an entry's "g1,g2\n" header still splits), but
 * only to a generation still at the value it set (compare and set).
 *
 * Why the position is read after the invalidation landed, not before: every write whose
 * invalidation landed up to then committed before, so a replica that has replayed past the
 * position holds all of them; that includes a write whose generation was then evicted or lost
 * with a Redis restart, and a write whose invalidation overtook a slower one. A position read
 * before landing could be older than such a write.
 *
 * A cache fill may read a replica only once it has replayed past the highest position among the
 * entry's generations. A generation without one (just invalidated and not yet marked, made anew
 * after eviction, or from an invalidation that could not read the position) sends the fill to
 * the primary.
 */

/** KEYS: gen_1..gen_n. ARGV: lsn, expected_1..expected_n. Marks each generation still as expected. */
export const ATTACH_WAL_POSITION_SCRIPT = `
local marked = 0
for i = 1, #KEYS do
  if redis.call('GET', KEYS[i]) == ARGV[1 + i] then
    redis.call('SET', KEYS[i], ARGV[1 + i] .. '@' .. ARGV[1], 'KEEPTTL')
    marked = marked + 1
  end
end
return marked`;

const POSITION = /@([0-9A-F]{1,8}\/[0-9A-F]{1,8})$/;

/** The generation value once marked with the WAL position (the in-process store's form of the script). */
export function withWalPosition(generation: string, lsn: string): string {
  return `${generation}@${lsn}`;
}

/** The WAL position a generation carries, or null. */
export function walPositionOf(generation: string): bigint | null {
  const match = POSITION.exec(generation);
  return match ? parseLsn(match[1]) : null;
}

/**
 * The position a replica must have replayed before a fill of an entry with these generations
 * may read it; null when any generation has none, or there are none (the primary then).
 */
export function requiredWalPosition(generations: readonly string[]): bigint | null {
  if (generations.length === 0) return null;
  let highest = 0n;
  for (const generation of generations) {
    const lsn = walPositionOf(generation);
    if (lsn === null) return null;
    if (lsn > highest) highest = lsn;
  }
  return highest;
}
