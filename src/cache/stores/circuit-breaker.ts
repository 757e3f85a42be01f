export type BreakerState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  consecutiveFailures: number;
  /** Failure rate (0..1) over the window that opens it, once the window holds minCalls calls. */
  failureRate: number;
  minCalls: number;
  windowMs: number;
  /** How long the circuit stays open before a half-open probe. */
  openMs: number;
}

export const DEFAULT_BREAKER: CircuitBreakerOptions = {
  consecutiveFailures: 5,
  failureRate: 0.5,
  minCalls: 20,
  windowMs: 10_000,
  openMs: 1_000,
};

/**
 * The state of one link (this instance to Redis). Closed: calls go through and their outcome
 * is recorded. Open: calls are refused at once, with no per-request wait. After openMs the
 * owner runs one probe (half-open); its success closes the circuit, its failure opens it
 * again. Pure logic: the owner does the I/O and the timing.
 */
export class CircuitBreaker {
  private current: BreakerState = 'closed';
  private consecutive = 0;
  private windowStart = 0;
  private calls = 0;
  private failures = 0;
  private openedAt = 0;

  constructor(
    private readonly options: CircuitBreakerOptions = DEFAULT_BREAKER,
    private readonly now: () => number = Date.now,
  ) {}

  get state(): BreakerState {
    return this.current;
  }

  /** Whether a call may go through now. */
  allows(): boolean {
    return this.current === 'closed';
  }

  /** Whether the open circuit is due for its half-open probe. */
  probeDue(): boolean {
    return this.current === 'open' && this.now() - this.openedAt >= this.options.openMs;
  }

  success(): void {
    if (this.current !== 'closed') return;
    this.consecutive = 0;
    this.count(false);
  }

  /** Records a failed call; returns true when this failure opened the circuit. */
  failure(): boolean {
    if (this.current !== 'closed') return false;
    this.consecutive++;
    this.count(true);
    const rateTripped = this.calls >= this.options.minCalls && this.failures / this.calls >= this.options.failureRate;
    if (this.consecutive >= this.options.consecutiveFailures || rateTripped) {
      this.open();
      return true;
    }
    return false;
  }

  /** Opens at once (the connection dropped, or a probe failed). */
  open(): void {
    this.current = 'open';
    this.openedAt = this.now();
  }

  /** The probe is running: calls stay refused until it closes or reopens the circuit. */
  halfOpen(): void {
    this.current = 'half-open';
  }

  close(): void {
    this.current = 'closed';
    this.consecutive = 0;
    this.windowStart = this.now();
    this.calls = 0;
    this.failures = 0;
  }

  private count(failed: boolean): void {
    const now = this.now();
    if (now - this.windowStart > this.options.windowMs) {
      this.windowStart = now;
      this.calls = 0;
      this.failures = 0;
    }
    this.calls++;
    if (failed) this.failures++;
  }
}
