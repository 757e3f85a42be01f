import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { PositionMetrics } from '../positions/position-metrics';

/** Seconds: a flush is one UPDATE of at most a few hundred rows, usually a few milliseconds. */
const FLUSH_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/**
 * position_reports_total, position_stream_clients, position_streams_dropped_total,
 * position_flush_duration_seconds{outcome} (its _count is the number of flushes) and
 * position_flush_rows_total.
 */
export class PrometheusPositionMetrics implements PositionMetrics {
  private readonly reports: Counter;
  private readonly clients: Gauge;
  private readonly dropped: Counter;
  private readonly flushOk: Histogram.Internal<'outcome'>;
  private readonly flushFailed: Histogram.Internal<'outcome'>;
  private readonly rows: Counter;

  constructor(registry: Registry) {
    this.reports = new Counter({ name: 'position_reports_total', help: 'Driver location reports accepted', registers: [registry] });
    this.clients = new Gauge({ name: 'position_stream_clients', help: 'Open position event streams on this instance', registers: [registry] });
    this.dropped = new Counter({
      name: 'position_streams_dropped_total',
      help: 'Position streams ended because the client read too slowly',
      registers: [registry],
    });
    const flushes = new Histogram({
      name: 'position_flush_duration_seconds',
      help: 'Flushes of buffered positions to PostgreSQL (one transaction each), by outcome',
      labelNames: ['outcome'] as const,
      buckets: FLUSH_BUCKETS,
      registers: [registry],
    });
    this.flushOk = flushes.labels('ok');
    this.flushFailed = flushes.labels('failed');
    this.rows = new Counter({ name: 'position_flush_rows_total', help: 'Driver rows whose position a flush wrote', registers: [registry] });
  }

  reported(): void {
    this.reports.inc();
  }

  streamClients(count: number): void {
    this.clients.set(count);
  }

  streamDropped(): void {
    this.dropped.inc();
  }

  flushed(seconds: number, rows: number, failed: boolean): void {
    (failed ? this.flushFailed : this.flushOk).observe(seconds);
    this.rows.inc(rows);
  }
}
