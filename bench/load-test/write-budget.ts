/**
 * Paces mixed mode: a write may start only while writes stay within their share of all
 * requests, so the writes spread over the run instead of racing ahead of the reads.
 */
export class WriteBudget {
  private reads = 0;
  private writes = 0;
  private closed = false;
  private waiters: Array<(granted: boolean) => void> = [];

  constructor(private readonly share: number) {
    if (!(share > 0 && share < 1)) throw new RangeError(`share must be between 0 and 1, got ${share}`);
  }

  get counts(): { reads: number; writes: number } {
    return { reads: this.reads, writes: this.writes };
  }

  recordRead(): void {
    this.reads++;
    if (this.waiters.length) this.release();
  }

  /** Waits for a write's turn; false once the budget is closed (the reads are over). */
  take(): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    if (this.waiters.length === 0 && this.allowsOneMore()) {
      this.writes++;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  close(): void {
    this.closed = true;
    for (const resolve of this.waiters.splice(0)) resolve(false);
  }

  private allowsOneMore(): boolean {
    return this.writes + 1 <= this.share * (this.reads + this.writes + 1);
  }

  private release(): void {
    while (this.waiters.length && this.allowsOneMore()) {
      this.writes++;
      this.waiters.shift()!(true);
    }
  }
}
