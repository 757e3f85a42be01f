import { GeoPoint, pathDistanceKm } from './haversine';

export interface RouteEstimate {
  distanceKm: number;
  etaMinutes: number;
}

/** Driving time at a constant average speed, rounded up to whole minutes, from the rounded distance the client sees. */
export function etaMinutes(distanceKm: number, averageSpeedKmh: number): number {
  return Math.ceil((distanceKm / averageSpeedKmh) * 60);
}

export function estimateRoute(stops: readonly GeoPoint[], averageSpeedKmh: number): RouteEstimate {
  const distanceKm = pathDistanceKm(stops);
  return { distanceKm, etaMinutes: etaMinutes(distanceKm, averageSpeedKmh) };
}
