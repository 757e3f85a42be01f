import { FixedWindowCounter } from './fixed-window-counter';

describe('FixedWindowCounter', () => {
  it('counts hits within a window and starts over when it ends', () => {
    let now = 0;
    const counter = new FixedWindowCounter(100, () => now);
    expect(counter.hit('k', 1000)).toEqual({ hits: 1, remainingMs: 1000 });
    now = 400;
    expect(counter.hit('k', 1000)).toEqual({ hits: 2, remainingMs: 600 });
    now = 1000;
    expect(counter.hit('k', 1000)).toEqual({ hits: 1, remainingMs: 1000 });
  });

  it('stays within its bound, dropping expired windows first', () => {
    let now = 0;
    const counter = new FixedWindowCounter(2, () => now);
    counter.hit('old', 10);
    counter.hit('live', 1000);
    now = 20;
    counter.hit('new', 1000);
    expect(counter.hit('live', 1000).hits).toBe(2);
  });
});
