import { performance } from 'node:perf_hooks';
import { paced } from './pacing';

describe('paced', () => {
  it('ends as soon as `done` holds, not at its end time (a writer finishing its cycle once the run is over)', async () => {
    // The end is an hour away: before `done`, a finished writer idled on to it and kept the run open.
    const endAt = performance.now() + 3_600_000;
    let steps = 0;
    await paced(
      performance.now(),
      1,
      endAt,
      () => Promise.resolve(void steps++),
      () => steps === 3,
    );
    expect(steps).toBe(3);
  });

  it('does not step at all when `done` holds from the start', async () => {
    let steps = 0;
    await paced(
      performance.now(),
      1,
      performance.now() + 3_600_000,
      () => Promise.resolve(void steps++),
      () => true,
    );
    expect(steps).toBe(0);
  });

  it('without `done`, steps until the next tick would fall after its end time', async () => {
    let steps = 0;
    const start = performance.now();
    await paced(start, 1e9, start + 60_000, () => Promise.resolve(void steps++));
    expect(steps).toBe(1);
  });
});
