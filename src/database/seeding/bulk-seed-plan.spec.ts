import { planBulkSeed } from './bulk-seed-plan';

describe('planBulkSeed', () => {
  it('keeps most drivers busy, one active load each, for a large run', () => {
    const plan = planBulkSeed({ loads: 1_000_000, drivers: 1_000, users: 50 });
    expect(plan.busyDrivers).toBe(850);
    expect(plan.loads.assigned + plan.loads.inTransit).toBe(plan.busyDrivers);
    expect(plan.loads.posted).toBe(1_000);
    expect(plan.loads.history).toBe(1_000_000 - 1_000 - 850);
    expect(plan.admins).toBe(5);
    expect(plan.dispatchers).toBe(45);
  });

  it('adds up to the requested loads and never has more active loads than busy drivers', () => {
    for (const counts of [
      { loads: 1, drivers: 1, users: 1 },
      { loads: 10, drivers: 500, users: 3 },
      { loads: 200_000, drivers: 2_000, users: 40 },
    ]) {
      const plan = planBulkSeed(counts);
      const { posted, assigned, inTransit, history } = plan.loads;
      expect(posted + assigned + inTransit + history).toBe(counts.loads);
      expect(Math.min(posted, assigned, inTransit, history)).toBeGreaterThanOrEqual(0);
      expect(assigned + inTransit).toBeLessThanOrEqual(counts.drivers);
      expect(plan.dispatchers).toBeGreaterThanOrEqual(1);
    }
  });

  it('spaces loads so two years of history have distinct millisecond timestamps', () => {
    const plan = planBulkSeed({ loads: 20_000_000, drivers: 10, users: 1 });
    expect(plan.loadSpacingMs).toBeGreaterThanOrEqual(2);
    expect(plan.loadSpacingMs * 20_000_000).toBeLessThanOrEqual(730 * 86_400_000);
  });

  it.each([
    [{ loads: 0, drivers: 1, users: 1 }, /loads must be an integer from 1/],
    [{ loads: 1.5, drivers: 1, users: 1 }, /loads must be an integer/],
    [{ loads: 1, drivers: -3, users: 1 }, /drivers must be an integer/],
    [{ loads: 1, drivers: 1, users: 2_000_000 }, /users must be an integer from 1 to 1000000/],
  ])('rejects %j', (counts, message) => {
    expect(() => planBulkSeed(counts)).toThrow(message);
  });
});
