import type { HealthIndicatorResult } from '@nestjs/terminus';
import type { ReadReplicas } from './read-replicas';

/**
 * The replicas in /api/health. Never "down": a replica out of rotation only sends its reads to
 * the primary, so the API stays healthy (200); each one's state and lag is listed.
 */
export function replicaHealthCheck(replicas: ReadReplicas): () => Promise<HealthIndicatorResult> {
  return () => {
    const statuses = replicas.statuses();
    const inRotation = statuses.filter((s) => s.state === 'in-rotation').length;
    return Promise.resolve({
      replicas: { status: 'up', state: inRotation === statuses.length ? 'up' : 'degraded', inRotation, replicas: statuses },
    });
  };
}
