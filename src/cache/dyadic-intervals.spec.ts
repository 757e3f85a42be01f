import fc from 'fast-check';
import { decompose, DyadicInterval, intervalName, intervalsContaining } from './dyadic-intervals';

const LEVELS = 21;
const LAST = 2 ** LEVELS - 1;

const span = (interval: DyadicInterval) => ({ start: interval.index * 2 ** interval.level, end: (interval.index + 1) * 2 ** interval.level - 1 });

/** [lo, hi] within 0..2^levels-1, either order drawn. */
const range = (levels = LEVELS) =>
  fc
    .tuple(fc.integer({ min: 0, max: 2 ** levels - 1 }), fc.integer({ min: 0, max: 2 ** levels - 1 }))
    .map(([a, b]) => ({ lo: Math.min(a, b), hi: Math.max(a, b) }));

describe('dyadic intervals', () => {
  it('names intervals level.index', () => {
    expect(intervalName({ level: 5, index: 17 })).toBe('5.17');
  });

  it('decomposes small ranges as expected', () => {
    expect(decompose(0, 0, LEVELS)).toEqual([{ level: 0, index: 0 }]);
    expect(decompose(0, 6, LEVELS)).toEqual([
      { level: 2, index: 0 },
      { level: 1, index: 2 },
      { level: 0, index: 6 },
    ]);
    expect(decompose(3, 8, LEVELS)).toEqual([
      { level: 0, index: 3 },
      { level: 2, index: 1 },
      { level: 0, index: 8 },
    ]);
    expect(decompose(0, LAST, LEVELS)).toEqual([{ level: LEVELS, index: 0 }]);
  });

  it('refuses what is not a range of positions', () => {
    expect(() => decompose(5, 4, LEVELS)).toThrow(RangeError);
    expect(() => decompose(-1, 4, LEVELS)).toThrow(RangeError);
    expect(() => decompose(0, LAST + 1, LEVELS)).toThrow(RangeError);
    expect(() => decompose(0.5, 4, LEVELS)).toThrow(RangeError);
    expect(() => decompose(0, 4, 31)).toThrow(RangeError);
    expect(() => intervalsContaining(4, 31)).toThrow(RangeError);
  });

  it('covers every position of a range exactly once and nothing outside it (exhaustive on 6 levels)', () => {
    const levels = 6;
    for (let lo = 0; lo < 2 ** levels; lo++) {
      for (let hi = lo; hi < 2 ** levels; hi++) {
        const covered = new Array<number>(2 ** levels).fill(0);
        for (const interval of decompose(lo, hi, levels)) {
          const { start, end } = span(interval);
          for (let p = start; p <= end; p++) covered[p]++;
        }
        const wrong = covered.findIndex((count, p) => count !== (p >= lo && p <= hi ? 1 : 0));
        expect({ lo, hi, wrong }).toEqual({ lo, hi, wrong: -1 });
      }
    }
  });

  it('covers a range with disjoint intervals, in order, without gaps, at most 2 * levels of them (a prefix: at most levels + 1)', () => {
    fc.assert(
      fc.property(range(), ({ lo, hi }) => {
        const intervals = decompose(lo, hi, LEVELS);
        let next = lo;
        for (const interval of intervals) {
          const { start, end } = span(interval);
          if (start !== next) return false;
          next = end + 1;
        }
        expect(next).toBe(hi + 1);
        expect(intervals.length).toBeLessThanOrEqual(2 * LEVELS);
        expect(decompose(0, hi, LEVELS).length).toBeLessThanOrEqual(LEVELS + 1);
        return true;
      }),
      { numRuns: 2000 },
    );
  });

  it('holds each position in exactly one interval per level', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: LAST }), (position) => {
        const intervals = intervalsContaining(position, LEVELS);
        expect(intervals.map((i) => i.level)).toEqual([...Array(LEVELS + 1).keys()]);
        for (const interval of intervals) {
          const { start, end } = span(interval);
          expect(position >= start && position <= end).toBe(true);
        }
      }),
    );
  });

  it("a point's intervals meet a range's exactly when the point is in the range, and then in exactly one", () => {
    const check = (position: number, lo: number, hi: number) => {
      const ranged = new Set(decompose(lo, hi, LEVELS).map(intervalName));
      const shared = intervalsContaining(position, LEVELS).filter((interval) => ranged.has(intervalName(interval)));
      expect(shared.length).toBe(position >= lo && position <= hi ? 1 : 0);
    };
    // Points anywhere, and points at or next to the range's ends (the cases that matter).
    fc.assert(
      fc.property(range(), fc.integer({ min: 0, max: LAST }), ({ lo, hi }, position) => check(position, lo, hi)),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(range(), fc.constantFrom(-1, 0, 1), fc.boolean(), ({ lo, hi }, delta, atEnd) => {
        const position = (atEnd ? hi : lo) + delta;
        if (position >= 0 && position <= LAST) check(position, lo, hi);
      }),
      { numRuns: 2000 },
    );
  });
});
