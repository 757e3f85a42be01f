import { haversineKm, pathDistanceKm } from './haversine';

const CHICAGO = { lat: 41.8781, lng: -87.6298 };
const DALLAS = { lat: 32.7767, lng: -96.797 };
const LONDON = { lat: 51.5074, lng: -0.1278 };
const PARIS = { lat: 48.8566, lng: 2.3522 };
const NEW_YORK = { lat: 40.7128, lng: -74.006 };
const LOS_ANGELES = { lat: 34.0522, lng: -118.2437 };

describe('haversineKm', () => {
  // Published great-circle distances between the city centres; within 0.5%.
  it.each([
    { name: 'Chicago -> Dallas', from: CHICAGO, to: DALLAS, km: 1295 },
    { name: 'London -> Paris', from: LONDON, to: PARIS, km: 343.5 },
    { name: 'New York -> Los Angeles', from: NEW_YORK, to: LOS_ANGELES, km: 3936 },
  ])('$name is about $km km', ({ from, to, km }) => {
    expect(Math.abs(haversineKm(from, to) - km)).toBeLessThan(km * 0.005);
  });

  it('is zero for the same point and symmetric', () => {
    expect(haversineKm(PARIS, PARIS)).toBe(0);
    expect(haversineKm(LONDON, PARIS)).toBeCloseTo(haversineKm(PARIS, LONDON), 9);
  });

  it('gives half the circumference for antipodal points', () => {
    expect(haversineKm({ lat: 0, lng: 0 }, { lat: 0, lng: 180 })).toBeCloseTo(Math.PI * 6371.0088, 6);
  });

  it('takes the short way across the antimeridian', () => {
    expect(haversineKm({ lat: 0, lng: 179.5 }, { lat: 0, lng: -179.5 })).toBeCloseTo(111.19, 1);
  });
});

describe('pathDistanceKm', () => {
  it('sums consecutive legs and rounds to 2 decimals', () => {
    const viaChicago = pathDistanceKm([NEW_YORK, CHICAGO, DALLAS]);
    const legs = haversineKm(NEW_YORK, CHICAGO) + haversineKm(CHICAGO, DALLAS);
    expect(viaChicago).toBe(Math.round(legs * 100) / 100);
  });

  it('is longer with a detour than direct', () => {
    expect(pathDistanceKm([NEW_YORK, CHICAGO, LOS_ANGELES])).toBeGreaterThan(pathDistanceKm([NEW_YORK, LOS_ANGELES]));
  });

  it('is zero for a single point or repeated points', () => {
    expect(pathDistanceKm([CHICAGO])).toBe(0);
    expect(pathDistanceKm([CHICAGO, CHICAGO])).toBe(0);
  });
});
