import { collectDefaultMetrics, Registry } from 'prom-client';

/** The app instance's own registry (never prom-client's global one). */
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');

/**
 * One registry per app instance, with the default process/nodejs metrics. The global
 * registry would throw "already registered" when a second app starts in the same process
 * (several apps per Jest file, two instances in one test), and would mix their numbers.
 */
export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}
