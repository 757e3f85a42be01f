import { PrimaryPositions } from './primary-positions';

describe('PrimaryPositions: a replica lag in time from WAL positions', () => {
  it('is the age of the newest primary position the replica has replayed', () => {
    const positions = new PrimaryPositions(60_000);
    positions.record(1000, 100n);
    positions.record(1200, 150n);
    positions.record(1400, 150n);
    positions.record(1600, 300n);
    expect(positions.lagMs(300n, 1700)).toBe(100);
    // Replayed 150 (or more, short of 300): holds everything committed before 1400.
    expect(positions.lagMs(200n, 1700)).toBe(300);
    expect(positions.lagMs(100n, 1700)).toBe(700);
  });

  it('keeps growing while replay stands still (paused), and reports at least the age of the oldest sample kept', () => {
    const positions = new PrimaryPositions(1000);
    positions.record(0, 100n);
    positions.record(500, 200n);
    positions.record(2000, 200n);
    // The sample at 0 is gone (older than 1000 ms before the newest).
    expect(positions.lagMs(150n, 2500)).toBe(2000);
    expect(positions.lagMs(200n, 2500)).toBe(500);
  });

  it('knows nothing before the first sample, and starts over when positions go back (another primary)', () => {
    const positions = new PrimaryPositions(60_000);
    expect(positions.lagMs(10n, 0)).toBeNull();
    positions.record(0, 500n);
    positions.record(100, 50n);
    expect(positions.latest).toBe(50n);
    expect(positions.lagMs(60n, 200)).toBe(100);
  });
});
