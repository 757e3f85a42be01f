import { CircuitBreaker } from './circuit-breaker';

describe('CircuitBreaker', () => {
  let now = 0;
  const breaker = (): CircuitBreaker =>
    new CircuitBreaker({ consecutiveFailures: 3, failureRate: 0.5, minCalls: 10, windowMs: 1_000, openMs: 500 }, () => now);

  beforeEach(() => {
    now = 1_000;
  });

  it('opens after consecutive failures and refuses calls at once', () => {
    const b = breaker();
    expect(b.failure()).toBe(false);
    expect(b.failure()).toBe(false);
    expect(b.allows()).toBe(true);
    expect(b.failure()).toBe(true);
    expect(b.state).toBe('open');
    expect(b.allows()).toBe(false);
  });

  it('a success resets the consecutive count', () => {
    const b = breaker();
    b.failure();
    b.failure();
    b.success();
    b.failure();
    b.failure();
    expect(b.state).toBe('closed');
  });

  it('opens on a failure rate over the window, without consecutive failures', () => {
    const b = breaker();
    for (let i = 0; i < 4; i++) {
      b.success();
      b.failure();
    }
    expect(b.state).toBe('closed'); // 8 calls: under minCalls
    b.success();
    expect(b.failure()).toBe(true); // 10 calls, 5 failed
  });

  it('forgets failures older than the window', () => {
    const b = breaker();
    for (let i = 0; i < 4; i++) {
      b.success();
      b.failure();
    }
    now += 1_500;
    b.success();
    b.failure();
    expect(b.state).toBe('closed');
  });

  it('is due for a probe after openMs; the probe closes or reopens it', () => {
    const b = breaker();
    b.open();
    expect(b.probeDue()).toBe(false);
    now += 500;
    expect(b.probeDue()).toBe(true);
    b.halfOpen();
    expect(b.allows()).toBe(false);
    b.open();
    expect(b.probeDue()).toBe(false);
    now += 500;
    b.halfOpen();
    b.close();
    expect(b.allows()).toBe(true);
  });
});
