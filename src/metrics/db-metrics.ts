import { EventEmitter } from 'node:events';
import { Gauge, Histogram, Registry } from 'prom-client';

/** Seconds; 0.2 sits on a bucket edge because the DB alert fires at p95 > 200 ms. */
export const DB_QUERY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2.5, 5, 10];

/** The parts of a pg client that instrumentation touches. */
export interface QueryableClient {
  query: (...args: unknown[]) => unknown;
}

/** The parts of a pg Pool (pg-pool) that the metrics read. */
export interface ObservablePool extends EventEmitter {
  readonly totalCount: number;
  readonly idleCount: number;
  readonly waitingCount: number;
  readonly options: { max?: number };
}

type Stop = () => void;

const instrumented = new WeakSet<object>();

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as PromiseLike<unknown>).then === 'function';
}

function isSubmittable(value: unknown): value is EventEmitter {
  return typeof value === 'object' && value !== null && typeof (value as EventEmitter).once === 'function';
}

/**
 * Times every call of one client's query(): promise, callback and submittable (stream)
 * forms. The result is returned untouched; timing attaches to it without consuming errors.
 */
export function instrumentClient(client: QueryableClient, histogram: Histogram): void {
  if (instrumented.has(client)) return;
  instrumented.add(client);
  const original = client.query;
  client.query = function timedQuery(this: QueryableClient, ...args: unknown[]): unknown {
    const end = histogram.startTimer();
    // Called with no arguments: startTimer's end() would read a query result as labels.
    const stop: Stop = () => {
      end();
    };
    const last = args.length - 1;
    const callback = args[last];
    if (typeof callback === 'function') {
      args[last] = function timedCallback(this: unknown, ...results: unknown[]): unknown {
        stop();
        return (callback as (...a: unknown[]) => unknown).apply(this, results);
      };
    }
    const result = original.apply(this, args);
    if (typeof callback === 'function') return result;
    if (isThenable(result)) {
      result.then(stop, stop);
    } else if (isSubmittable(result)) {
      let done = false;
      const once = () => {
        if (!done) {
          done = true;
          stop();
        }
      };
      result.once('end', once);
      result.once('error', once);
    }
    return result;
  };
}

/**
 * db_query_duration_seconds, db_connections_active{state} and db_pool_max for one pg Pool.
 *
 * Why at the client and not a TypeORM Logger: TypeORM runs every query, transactions
 * included, on a client it checks out with pool.connect(), and its logger only reports a
 * duration for queries slower than maxQueryExecutionTime. pg-pool emits 'acquire' for every
 * checkout (new and reused clients alike), so wrapping each client's query() once on its first
 * checkout times every statement the app sends, BEGIN/COMMIT and migrations' included, and
 * also clients that existed before this ran.
 *
 * The pool gauges are read when Prometheus scrapes (collect()), so nothing runs on a timer.
 */
export function instrumentPool(pool: ObservablePool, registry: Registry): Stop {
  const histogram = new Histogram({
    name: 'db_query_duration_seconds',
    help: 'Time of each SQL query the app sends to PostgreSQL, from send to result',
    buckets: DB_QUERY_BUCKETS,
    registers: [registry],
  });
  new Gauge({
    name: 'db_connections_active',
    help: 'Database pool connections by state: active (checked out), idle, waiting (callers queued for one)',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      this.set({ state: 'active' }, pool.totalCount - pool.idleCount);
      this.set({ state: 'idle' }, pool.idleCount);
      this.set({ state: 'waiting' }, pool.waitingCount);
    },
  });
  new Gauge({
    name: 'db_pool_max',
    help: 'Maximum size of the database connection pool',
    registers: [registry],
    collect() {
      this.set(pool.options.max ?? 10);
    },
  });
  const onAcquire = (client: QueryableClient) => instrumentClient(client, histogram);
  pool.on('acquire', onAcquire);
  return () => pool.off('acquire', onAcquire);
}
