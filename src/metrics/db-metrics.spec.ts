import { EventEmitter } from 'node:events';
import { Registry } from 'prom-client';
import { instrumentPool, ObservablePool, QueryableClient } from './db-metrics';
import { parsePrometheusText, sumSamples } from './prometheus-text';

class FakePool extends EventEmitter implements ObservablePool {
  totalCount = 4;
  idleCount = 1;
  waitingCount = 2;
  options = { max: 7 };
}

function fakeClient(): QueryableClient & { calls: number } {
  const client = {
    calls: 0,
    query(...args: unknown[]): unknown {
      client.calls += 1;
      const callback = args[args.length - 1];
      if (typeof callback === 'function') {
        setImmediate(() => (callback as (e: null, r: object) => void)(null, { rows: [] }));
        return undefined;
      }
      if (args[0] === 'fail') return Promise.reject(new Error('boom'));
      return Promise.resolve({ rows: [] });
    },
  };
  return client;
}

async function scrape(registry: Registry) {
  return parsePrometheusText(await registry.metrics());
}

describe('instrumentPool', () => {
  it('times promise and callback queries of clients as they are checked out, once per client', async () => {
    const registry = new Registry();
    const pool = new FakePool();
    instrumentPool(pool, registry);
    const client = fakeClient();
    pool.emit('acquire', client);
    pool.emit('acquire', client); // a reused client is not wrapped twice

    const result = await client.query('SELECT 1');
    expect(result).toEqual({ rows: [] });
    await expect(client.query('fail')).rejects.toThrow('boom');
    await new Promise<void>((resolve) => client.query('SELECT 2', [], () => resolve()));

    expect(client.calls).toBe(3);
    expect(sumSamples(await scrape(registry), 'db_query_duration_seconds_count')).toBe(3);
  });

  it('reads the pool gauges on scrape', async () => {
    const registry = new Registry();
    const pool = new FakePool();
    instrumentPool(pool, registry);
    let samples = await scrape(registry);
    expect(sumSamples(samples, 'db_connections_active', { state: 'active' })).toBe(3);
    expect(sumSamples(samples, 'db_connections_active', { state: 'idle' })).toBe(1);
    expect(sumSamples(samples, 'db_connections_active', { state: 'waiting' })).toBe(2);
    expect(sumSamples(samples, 'db_pool_max')).toBe(7);

    pool.idleCount = 4;
    pool.waitingCount = 0;
    samples = await scrape(registry);
    expect(sumSamples(samples, 'db_connections_active', { state: 'active' })).toBe(0);
    expect(sumSamples(samples, 'db_connections_active', { state: 'waiting' })).toBe(0);
  });

  it('stops instrumenting new clients once stopped', async () => {
    const registry = new Registry();
    const pool = new FakePool();
    const stop = instrumentPool(pool, registry);
    stop();
    const client = fakeClient();
    pool.emit('acquire', client);
    await client.query('SELECT 1');
    expect(sumSamples(await scrape(registry), 'db_query_duration_seconds_count')).toBe(0);
  });
});
