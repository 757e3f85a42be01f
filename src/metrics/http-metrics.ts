import { Counter, Histogram, Registry } from 'prom-client';

/** The label for requests that matched no route: keeps scanners from minting series. */
export const UNMATCHED_ROUTE = 'unmatched';

/** Seconds; 2 sits on a bucket edge because the latency alert fires at p95 > 2 s. */
export const HTTP_DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 2.5, 5, 10];

interface BoundSeries {
  count: Counter.Internal;
  duration: Histogram.Internal<string>;
}

/**
 * http_requests_total and http_request_duration_seconds{method,route,status}.
 * Children are bound once per (route, method, status) and kept in nested maps, so a request
 * costs three map lookups and two increments: no label hashing, no string building.
 */
export class HttpMetrics {
  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private readonly duration: Histogram<'method' | 'route' | 'status'>;
  private readonly bound = new Map<string, Map<string, Map<number, BoundSeries>>>();

  constructor(registry: Registry) {
    const labelNames = ['method', 'route', 'status'] as const;
    this.requests = new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests answered, by method, route template and status',
      labelNames,
      registers: [registry],
    });
    this.duration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time from receiving a request to sending the response, by method, route template and status',
      labelNames,
      buckets: HTTP_DURATION_BUCKETS,
      registers: [registry],
    });
  }

  /** route is the matched template (/api/loads/:id), or undefined when nothing matched. */
  record(method: string, route: string | undefined, status: number, seconds: number): void {
    const series = this.series(route ?? UNMATCHED_ROUTE, method, status);
    series.count.inc();
    series.duration.observe(seconds);
  }

  private series(route: string, method: string, status: number): BoundSeries {
    let byMethod = this.bound.get(route);
    if (!byMethod) {
      byMethod = new Map();
      this.bound.set(route, byMethod);
    }
    let byStatus = byMethod.get(method);
    if (!byStatus) {
      byStatus = new Map();
      byMethod.set(method, byStatus);
    }
    let series = byStatus.get(status);
    if (!series) {
      const labels = { method, route, status: String(status) };
      series = { count: this.requests.labels(labels), duration: this.duration.labels(labels) };
      byStatus.set(status, series);
    }
    return series;
  }
}
