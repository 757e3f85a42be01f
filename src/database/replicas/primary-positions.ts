/** One reading of the primary's WAL position: every commit that finished before `at` ends at or before `lsn`. */
interface Sample {
  at: number;
  lsn: bigint;
}

/**
 * The primary's recent WAL positions, read every poll, turned into a replica's lag in time: a
 * replica that has replayed up to a position the primary had reached at time T holds every
 * commit made before T, so what it answers is at most now - T old. This stays right on an idle
 * primary (no new WAL: a caught-up replica lags by one poll at most) and while replay is paused
 * (the lag grows with the wall clock, however little is written).
 */
export class PrimaryPositions {
  private readonly samples: Sample[] = [];

  /** @param keepMs how far back samples are kept; a lag beyond it is reported as at least its age. */
  constructor(private readonly keepMs: number) {}

  /** `at` is taken before the query was sent, so the position read is at least the one at `at`. */
  record(at: number, lsn: bigint): void {
    const last = this.samples[this.samples.length - 1];
    // Positions never go back on one primary; a lower one means a different server (failover): start over.
    if (last && lsn < last.lsn) this.samples.length = 0;
    this.samples.push({ at, lsn });
    // One sample older than keepMs stays: the lag of a replica between it and the next is still exact.
    while (this.samples.length > 1 && this.samples[1].at < at - this.keepMs) this.samples.shift();
  }

  get latest(): bigint | null {
    return this.samples.length > 0 ? this.samples[this.samples.length - 1].lsn : null;
  }

  /**
   * How far behind, in ms, a replica that has replayed up to `replayed` is at `now`; null when
   * the primary has not been read yet. Samples are few (keepMs / poll) and scanned from the newest.
   */
  lagMs(replayed: bigint, now: number): number | null {
    if (this.samples.length === 0) return null;
    for (let i = this.samples.length - 1; i >= 0; i--) {
      if (this.samples[i].lsn <= replayed) return Math.max(0, now - this.samples[i].at);
    }
    // Behind every sample kept: at least as old as the oldest.
    return Math.max(0, now - this.samples[0].at);
  }
}
