import type { HealthIndicatorResult } from '@nestjs/terminus';

/** Other modules (the cache) add their own checks under this token. */
export const HEALTH_INDICATORS = Symbol('HEALTH_INDICATORS');
export type HealthIndicatorFn = () => Promise<HealthIndicatorResult>;
