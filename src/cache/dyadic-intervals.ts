/**
 * Dyadic intervals over positions 0 .. 2^levels - 1: at level k, the interval of index j is
 * [j * 2^k, (j + 1) * 2^k). Two dyadic intervals are either nested or disjoint, which gives
 * range invalidation with both sides logarithmic:
 * - a point lies in exactly one interval per level (`intervalsContaining`: levels + 1 of them);
 * - a range [lo, hi] is the disjoint union of at most 2 * levels intervals (`decompose`), one
 *   per set bit of hi + 1 for a prefix [0, hi].
 * A point p is in [lo, hi] if and only if one of p's intervals is among the range's: the
 * range's interval that holds p is the one of p's at its level; and an interval of p that is
 * one of the range's lies inside the range, so p does too.
 */
export interface DyadicInterval {
  level: number;
  index: number;
}

/** Positions are 32-bit integers, so the arithmetic below is bit operations (on the hit path). */
export const MAX_LEVELS = 30;

function checkLevels(levels: number): void {
  if (!Number.isInteger(levels) || levels < 0 || levels > MAX_LEVELS) throw new RangeError(`levels must be an integer in 0..${MAX_LEVELS}`);
}

/** The intervals holding `position`, one per level 0..levels. */
export function intervalsContaining(position: number, levels: number): DyadicInterval[] {
  checkLevels(levels);
  const intervals: DyadicInterval[] = [];
  for (let level = 0; level <= levels; level++) intervals.push({ level, index: position >>> level });
  return intervals;
}

/**
 * [lo, hi] (both included, 0 <= lo <= hi < 2^levels) as disjoint dyadic intervals, lowest first:
 * greedily the largest aligned interval that starts at lo and does not pass hi.
 */
export function decompose(lo: number, hi: number, levels: number): DyadicInterval[] {
  checkLevels(levels);
  if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo < 0 || hi < lo || hi >= 2 ** levels) {
    throw new RangeError(`[${lo}, ${hi}] is not a range of positions 0..2^${levels}-1`);
  }
  const intervals: DyadicInterval[] = [];
  const end = hi + 1;
  let start = lo;
  while (start < end) {
    // The largest interval aligned at start is its lowest set bit (all of them at 0) ...
    let level = start === 0 ? levels : 31 - Math.clz32(start & -start);
    // ... and it must end at hi at the latest.
    while (start + (1 << level) > end) level--;
    intervals.push({ level, index: start >>> level });
    start += 1 << level;
  }
  return intervals;
}

/** The interval as a key segment: "<level>.<index>". */
export function intervalName(interval: DyadicInterval): string {
  return `${interval.level}.${interval.index}`;
}
