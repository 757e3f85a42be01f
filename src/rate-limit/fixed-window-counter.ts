/** One window's count for a key. */
export interface WindowCount {
  hits: number;
  /** Milliseconds until the window ends and the count starts over. */
  remainingMs: number;
}

/**
 * Fixed-window hit counts in this process: the first hit opens a window of windowMs, every hit
 * in it counts, and the count starts over when it ends. The same rule as the Redis script, for
 * an instance without Redis or while Redis is away. Bounded: expired windows are swept once
 * the map grows past maxKeys, and if they are all still live it starts over.
 */
export class FixedWindowCounter {
  private readonly windows = new Map<string, { hits: number; endsAtMs: number }>();

  constructor(
    private readonly maxKeys = 100_000,
    private readonly now: () => number = Date.now,
  ) {}

  hit(key: string, windowMs: number): WindowCount {
    const now = this.now();
    let window = this.windows.get(key);
    if (!window || window.endsAtMs <= now) {
      if (this.windows.size >= this.maxKeys) this.sweep(now);
      window = { hits: 0, endsAtMs: now + windowMs };
      this.windows.set(key, window);
    }
    window.hits += 1;
    return { hits: window.hits, remainingMs: window.endsAtMs - now };
  }

  private sweep(now: number): void {
    for (const [key, window] of this.windows) if (window.endsAtMs <= now) this.windows.delete(key);
    if (this.windows.size >= this.maxKeys) this.windows.clear();
  }
}
