/**
 * Every Redis name the positions use, made in this one place. They carry the cache's hash tag
 * {prefix}, as the response cache's keys do, so on a Redis Cluster they live in the same slot;
 * a change of the tag scheme is a change here only.
 */
export interface PositionKeys {
  /** HASH: driver id -> latest position (driver-position.ts encodePosition). */
  latest: string;
  /** Pub/sub channel: every report and driver change, for the other instances. */
  channel: string;
}

export function positionKeys(prefix: string): PositionKeys {
  return { latest: `{${prefix}}:positions:latest`, channel: `{${prefix}}:positions:events` };
}
