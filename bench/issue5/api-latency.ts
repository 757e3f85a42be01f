import autocannon from 'autocannon';

export interface ApiLatency {
  rps: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
}

/** autocannon on one GET route for `durationS` (after a 1 s warm-up), Bearer token, no gzip. */
export async function measureRoute(url: string, token: string, connections: number, durationS: number): Promise<ApiLatency> {
  const headers = { authorization: `Bearer ${token}` };
  await autocannon({ url, headers, connections, duration: 1 });
  const r = await autocannon({ url, headers, connections, duration: durationS, timeout: 30 });
  return {
    rps: Math.round(r.requests.total / r.duration),
    p50Ms: r.latency.p50,
    p90Ms: r.latency.p90,
    p99Ms: r.latency.p99,
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
  };
}
