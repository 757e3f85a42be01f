/**
 * The stale-read checker of the fleet scenario. Writers record what each write produced and
 * when its response arrived; readers ask whether what they saw was allowed at the moment their
 * request started. All times are on one clock (performance.now() of the load-test process).
 *
 * The rule (the "exact" contract): a read that STARTED after a write's response arrived must not
 * show data older than that write. A read that started earlier, or overlaps a later write, may show
 * either side of it. The "bounded" contract is the same rule with the read's start moved back by
 * the bound: data may be up to that old.
 */

/** A read's window: request sent at startedAt, whole response received at endedAt. */
export interface ReadWindow {
  startedAt: number;
  endedAt: number;
}

interface Version {
  /** What a read shows of this version, e.g. a load's status. */
  fingerprint: string;
  sentAt: number;
  respondedAt: number;
}

export type Verdict =
  /** No tracked write had answered before the read started: anything goes. */
  { kind: 'unconstrained' } | { kind: 'fresh' } | { kind: 'stale'; expected: string; observed: string };

export interface JudgeOptions {
  /** 0 for exact; the bound in ms for bounded routes. */
  toleranceMs?: number;
}

interface Expectation {
  key: string;
  order: number;
  sentAt: number;
  respondedAt: number;
}

/**
 * Per entity ("load:<id>", "driver:<id>", ...), the versions the writers produced, in write
 * order. One writer at a time writes an entity in this scenario, so write order is version order.
 */
export class FreshnessLedger {
  private readonly versions = new Map<string, Version[]>();
  private readonly expectations = new Map<string, Expectation[]>();
  private readonly increments = new Map<string, number[]>();

  /** Records a version produced by a successful write. */
  recordWrite(entity: string, fingerprint: string, sentAt: number, respondedAt: number): void {
    this.begin(entity, fingerprint, sentAt)(respondedAt);
  }

  /**
   * Announces a write before it is sent: while it is in flight a read may already show its
   * version. Call the returned function with the time its success arrived; a write that failed
   * (or never answered) stays announced, so its version is allowed but never required.
   */
  begin(entity: string, fingerprint: string, sentAt: number): (respondedAt: number) => void {
    let list = this.versions.get(entity);
    if (!list) this.versions.set(entity, (list = []));
    const version: Version = { fingerprint, sentAt, respondedAt: Number.POSITIVE_INFINITY };
    list.push(version);
    return (respondedAt) => {
      version.respondedAt = respondedAt;
    };
  }

  /** True when some write of this entity was recorded (a read of anything else is not judged). */
  tracks(entity: string): boolean {
    return this.versions.has(entity);
  }

  /**
   * Judges one observation of an entity. Stale when some write answered before the read started
   * (less the tolerance) and the read shows neither that version nor one written since, before
   * the read's response arrived. Any other value (an older version, or the entity's state before
   * the first tracked write) counts as older: every change of a tracked entity comes from a
   * tracked write in this scenario. `observed` may list several fingerprints when the read only
   * tells which of them it saw (a status-filtered list claims its row has one of its statuses).
   */
  judge(entity: string, observed: string | readonly string[], read: ReadWindow, options: JudgeOptions = {}): Verdict {
    const seen: readonly string[] = typeof observed === 'string' ? [observed] : observed;
    const list = this.versions.get(entity);
    if (!list) return { kind: 'unconstrained' };
    const deadline = read.startedAt - (options.toleranceMs ?? 0);
    let floor = -1;
    for (let i = list.length - 1; i >= 0; i--) {
      if (list[i].respondedAt <= deadline) {
        floor = i;
        break;
      }
    }
    // Versions come in write order and each write is sent after the previous one answered, so
    // the last answered version is the newest the read owes.
    if (floor === -1) return { kind: 'unconstrained' };
    for (let i = floor; i < list.length; i++) {
      if (list[i].sentAt <= read.endedAt && seen.includes(list[i].fingerprint)) return { kind: 'fresh' };
    }
    return { kind: 'stale', expected: list[floor].fingerprint, observed: seen.join('|') };
  }

  /**
   * Records an item a write added to a newest-first list (a notification of a user): `key` says
   * what a read will show of it. Items of one list come only from tracked writes, in order.
   */
  expectItem(list: string, key: string, sentAt: number, respondedAt: number): void {
    this.beginItem(list, key, sentAt)(respondedAt);
  }

  /**
   * Announces an item before its write is sent: while in flight it may already sit on top of the
   * list and push older items down, but it is not owed until its success arrives.
   */
  beginItem(list: string, key: string, sentAt: number): (respondedAt: number) => void {
    let items = this.expectations.get(list);
    if (!items) this.expectations.set(list, (items = []));
    const item: Expectation = { key, order: items.length, sentAt, respondedAt: Number.POSITIVE_INFINITY };
    items.push(item);
    return (respondedAt) => {
      item.respondedAt = respondedAt;
    };
  }

  /**
   * Judges the first page (newest first, `capacity` rows) of a list. An item whose write answered
   * before the read started must be on it, unless enough newer items (written before the read's
   * response arrived) could have pushed it to page 2. Counts per key, since one load can add
   * several items of the same kind.
   */
  judgeFirstPage(list: string, shownKeys: readonly string[], capacity: number, read: ReadWindow): Verdict {
    const items = this.expectations.get(list);
    if (!items) return { kind: 'unconstrained' };
    const possible = items.filter((item) => item.sentAt <= read.endedAt).length;
    const required = new Map<string, number>();
    for (const item of items) {
      if (item.respondedAt > read.startedAt) continue;
      // Items written after this one, which could sit above it on the page.
      if (possible - 1 - item.order >= capacity) continue;
      required.set(item.key, (required.get(item.key) ?? 0) + 1);
    }
    if (required.size === 0) return { kind: 'unconstrained' };
    const shown = new Map<string, number>();
    for (const key of shownKeys) shown.set(key, (shown.get(key) ?? 0) + 1);
    for (const [key, count] of required) {
      if ((shown.get(key) ?? 0) < count) return { kind: 'stale', expected: `${count} x ${key}`, observed: `${shown.get(key) ?? 0} x ${key}` };
    }
    return { kind: 'fresh' };
  }

  /** Records that a write raised a counter by one (a load created adds one to analytics' totals). */
  recordIncrement(counter: string, respondedAt: number): void {
    let list = this.increments.get(counter);
    if (!list) this.increments.set(counter, (list = []));
    list.push(respondedAt);
  }

  /**
   * Judges a counter that only grows: it must count `baseline` plus every increment that
   * answered before the read started, less the tolerance. A baseline read before the first
   * increment can only be low, never high, so a late baseline makes the check lenient, not wrong.
   */
  judgeAtLeast(counter: string, observed: number, baseline: number, read: ReadWindow, options: JudgeOptions = {}): Verdict {
    const deadline = read.startedAt - (options.toleranceMs ?? 0);
    const settled = (this.increments.get(counter) ?? []).filter((at) => at <= deadline).length;
    if (settled === 0) return { kind: 'unconstrained' };
    const expected = baseline + settled;
    return observed >= expected ? { kind: 'fresh' } : { kind: 'stale', expected: `>= ${expected}`, observed: String(observed) };
  }
}
