import { WriteBudget } from './write-budget';

describe('WriteBudget', () => {
  it('lets a write start only while writes stay within their share of all requests', async () => {
    const budget = new WriteBudget(0.1);
    let granted = 0;
    const waiting = budget.take().then((ok) => ok && granted++);
    for (let i = 0; i < 8; i++) budget.recordRead();
    await Promise.resolve();
    expect(granted).toBe(0);
    budget.recordRead();
    await waiting;
    // 1 write among 9 reads: 10%.
    expect(granted).toBe(1);
    expect(budget.counts).toEqual({ reads: 9, writes: 1 });
  });

  it('grants waiting writes in turn as reads come in', async () => {
    const budget = new WriteBudget(0.5);
    budget.recordRead();
    expect(await budget.take()).toBe(true);
    const order: number[] = [];
    const second = budget.take().then(() => order.push(2));
    const third = budget.take().then(() => order.push(3));
    budget.recordRead();
    await second;
    expect(order).toEqual([2]);
    budget.recordRead();
    await third;
    expect(order).toEqual([2, 3]);
  });

  it('answers false to waiting and later writes once closed', async () => {
    const budget = new WriteBudget(0.2);
    const waiting = budget.take();
    budget.close();
    expect(await waiting).toBe(false);
    expect(await budget.take()).toBe(false);
  });

  it('refuses a share outside (0, 1)', () => {
    expect(() => new WriteBudget(0)).toThrow(RangeError);
    expect(() => new WriteBudget(1)).toThrow(RangeError);
  });
});
