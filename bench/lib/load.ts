import autocannon from 'autocannon';

export interface LoadSummary {
  connections: number;
  durationS: number;
  requests: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  /** How many responses carried each X-Cache value (HIT, MISS, BYPASS, or none). */
  xCache: Record<string, number>;
  /** Server CPU time (user + system) per request, in microseconds, when measured. */
  cpuUsPerRequest?: number;
}

export interface LoadTarget {
  url: string;
  headers: Record<string, string>;
}

/** One autocannon run (in this process; the server lives in its own). */
export async function runLoad(target: LoadTarget, connections: number, durationS: number): Promise<LoadSummary> {
  const xCache: Record<string, number> = {};
  const result = await autocannon({
    setupClient: (client) => {
      // At run time the event carries the parser's info, whose headers are a flat
      // [name, value, ...] list (the typings say otherwise).
      client.on('headers', (info: unknown) => {
        const raw = (info as { headers?: string[] }).headers ?? [];
        let value = 'none';
        for (let i = 0; i < raw.length; i += 2) {
          if (raw[i].toLowerCase() === 'x-cache') value = raw[i + 1];
        }
        xCache[value] = (xCache[value] ?? 0) + 1;
      });
    },
    url: target.url,
    headers: target.headers,
    connections,
    duration: durationS,
    pipelining: 1,
    timeout: 10,
  });
  return {
    connections,
    durationS: result.duration,
    requests: result.requests.total,
    rps: Math.round(result.requests.total / result.duration),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    xCache,
  };
}
