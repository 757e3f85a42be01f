import { KeyedDependency } from './cache-dependency';
import { decompose, intervalName, intervalsContaining } from './dyadic-intervals';

export interface TimeBuckets {
  /** The width of one position, e.g. an hour. */
  unitMs: number;
  /** Positions 0 .. 2^levels - 1 from the epoch; levels + 1 dependencies per write. */
  levels: number;
}

/**
 * Dependencies on the span of an instant that never changes (a row's created_at), per group of
 * a keyed family (e.g. a status of loads-status): "<family>:<group>:<level>.<index>", one per
 * dyadic interval of positions (dyadic-intervals.ts), beside the group's own "<family>:<group>".
 * A write of a row moves the levels + 1 intervals holding the row's position; a list of the
 * rows in [from, to] depends on the at most 2 * levels intervals that make up
 * [position(from), position(to)]. So a write clears a list exactly when the row's position is
 * in the list's range, whatever the range's width, and neither side costs more than a few dozen
 * keys.
 *
 * The intervals are sub-dependencies of the group's dependency, so cache-key.ts gives them its
 * hash tag: on a Redis Cluster a list's range dependencies and its entry are one slot (one
 * MGET), and a write's head and interval dependencies of one group are one script call.
 */
export class TimeRangeDependency {
  private readonly lastPosition: number;

  constructor(
    private readonly family: KeyedDependency,
    private readonly buckets: TimeBuckets,
  ) {
    this.lastPosition = 2 ** buckets.levels - 1;
  }

  /**
   * The instant's unit index since the epoch, clamped into 0 .. 2^levels - 1. Clamping is
   * monotone, so a row inside a range stays inside it: an instant before 1970 or after the last
   * position costs precision, never a missed invalidation.
   */
  position(at: Date): number {
    const time = at.getTime();
    if (Number.isNaN(time)) throw new RangeError('Invalid Date has no position');
    return Math.min(this.lastPosition, Math.max(0, Math.floor(time / this.buckets.unitMs)));
  }

  /** Write side: what a change of a row of `group` at `at` moves (levels + 1 dependencies). */
  containing(group: string, at: Date): string[] {
    return intervalsContaining(this.position(at), this.buckets.levels).map((interval) => this.family.of(`${group}:${intervalName(interval)}`));
  }

  /**
   * Read side: what a list of the rows of `group` with from <= instant <= to depends on (from
   * absent: since the start of time). At most 2 * levels dependencies; a prefix [0, to] at most
   * levels + 1.
   */
  covering(group: string, to: Date, from?: Date): string[] {
    const hi = this.position(to);
    const lo = from === undefined ? 0 : Math.min(this.position(from), hi);
    return decompose(lo, hi, this.buckets.levels).map((interval) => this.family.of(`${group}:${intervalName(interval)}`));
  }
}
