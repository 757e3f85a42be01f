/** One driver's position as reported: telemetry, not master data. */
export interface DriverPosition {
  driverId: string;
  lat: number;
  lng: number;
  /** When it was reported, in ms since the epoch: the newer report wins everywhere. */
  at: number;
}

/** The compact value kept per driver in Redis and sent on the pub/sub channel. */
export function encodePosition(position: DriverPosition): string {
  return JSON.stringify({ lat: position.lat, lng: position.lng, at: position.at });
}

/** The stored value back; null for anything that is not one (a hand-edited hash field). */
export function decodePosition(driverId: string, value: string | null | undefined): DriverPosition | null {
  if (!value) return null;
  try {
    const parsed = JSON.parse(value) as Partial<Record<'lat' | 'lng' | 'at', unknown>>;
    const { lat, lng, at } = parsed;
    if (typeof lat !== 'number' || typeof lng !== 'number' || typeof at !== 'number') return null;
    return { driverId, lat, lng, at };
  } catch {
    return null;
  }
}
