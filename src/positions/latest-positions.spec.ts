import { LatestPositions } from './latest-positions';

const A = 'driver-a';
const B = 'driver-b';

describe('LatestPositions', () => {
  it('keeps the newer report per driver, whatever the arrival order', () => {
    const latest = new LatestPositions();
    expect(latest.put({ driverId: A, lat: 1, lng: 1, at: 200 })).toBe(true);
    expect(latest.put({ driverId: A, lat: 2, lng: 2, at: 100 })).toBe(false);
    expect(latest.put({ driverId: A, lat: 3, lng: 3, at: 200 })).toBe(false);
    expect(latest.put({ driverId: B, lat: 4, lng: 4, at: 50 })).toBe(true);
    expect(latest.get([A])).toEqual([{ driverId: A, lat: 1, lng: 1, at: 200 }]);
    expect(
      latest
        .get()
        .map((p) => p.driverId)
        .sort(),
    ).toEqual([A, B]);
  });

  it('drains a batch once and starts empty again', () => {
    const latest = new LatestPositions();
    latest.put({ driverId: A, lat: 1, lng: 1, at: 1 });
    latest.put({ driverId: A, lat: 2, lng: 2, at: 2 });
    expect(latest.drain()).toEqual([{ driverId: A, lat: 2, lng: 2, at: 2 }]);
    expect(latest.size).toBe(0);
    expect(latest.get([A, B])).toEqual([]);
  });
});
