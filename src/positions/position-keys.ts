/**
 * Every Redis name the positions use, made in this one place. Both carry the hash tag {prefix},
 * so the HASH lives in one slot of a Redis Cluster (one key, whatever the tag); a change of the
 * naming is a change here only.
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
