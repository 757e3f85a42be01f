import { estimateRoute, etaMinutes } from './route-estimate';

describe('etaMinutes', () => {
  it('rounds partial minutes up', () => {
    expect(etaMinutes(65, 65)).toBe(60);
    expect(etaMinutes(65.01, 65)).toBe(61);
    expect(etaMinutes(0, 65)).toBe(0);
  });
});

describe('estimateRoute', () => {
  it('estimates Chicago -> Dallas at 65 km/h', () => {
    const estimate = estimateRoute(
      [
        { lat: 41.8781, lng: -87.6298 },
        { lat: 32.7767, lng: -96.797 },
      ],
      65,
    );
    expect(estimate).toEqual({ distanceKm: 1294.96, etaMinutes: 1196 });
  });
});
