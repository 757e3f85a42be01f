/** What the positions measure; a Prometheus recorder when metrics are on (src/metrics), else nothing. */
export interface PositionMetrics {
  /** One accepted location report. */
  reported(): void;
  /** Open position streams on this instance. */
  streamClients(count: number): void;
  /** A stream closed because its client read too slowly. */
  streamDropped(): void;
  /** One flush to PostgreSQL: how long, how many rows it wrote, and whether it failed. */
  flushed(seconds: number, rows: number, failed: boolean): void;
}

/** What the positions inject: the Prometheus recorder, or NO_POSITION_METRICS when metrics are off. */
export const POSITION_METRICS = Symbol('POSITION_METRICS');

/** Provided by MetricsModule (global) only when METRICS_ENABLED. */
export const PROMETHEUS_POSITION_METRICS = Symbol('PROMETHEUS_POSITION_METRICS');

export const NO_POSITION_METRICS: PositionMetrics = {
  reported: () => undefined,
  streamClients: () => undefined,
  streamDropped: () => undefined,
  flushed: () => undefined,
};
