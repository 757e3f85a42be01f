import type { HealthIndicatorResult } from '@nestjs/terminus';
import type { PositionBuffer } from './position-buffer';
import type { PositionFlusher } from './position-flusher';
import type { PositionStore } from './position-store';
import type { PositionStreams } from './position-streams';

/**
 * Positions in /api/health. Redis away is "degraded", never "down": reports are still accepted,
 * kept by this instance and written to PostgreSQL; only other instances' streams miss them.
 * Shows the open streams (back to 0 when clients leave) and the reports waiting for the flush.
 */
export function positionsHealthCheck(
  store: PositionStore,
  streams: PositionStreams,
  buffer: PositionBuffer,
  flusher: PositionFlusher,
): () => Promise<HealthIndicatorResult> {
  return async () => {
    const health = await store.health();
    return {
      positions: { status: 'up', ...health, streams: streams.count, buffered: buffer.size, flushes: flusher.flushCount },
    };
  };
}
