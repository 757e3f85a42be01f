/** What one endpoint's run (or the whole run) recorded, before it is summarised. */
export interface Tally {
  /** Latency of every response (any status), in milliseconds. Timeouts and connection errors have none. */
  latencies: number[];
  responses: number;
  successes: number;
  non2xx: number;
  timeouts: number;
  connectionErrors: number;
  statusCodes: Record<string, number>;
  cache: { hits: number; misses: number; bypasses: number; other: number; uncached: number };
  /** Wall-clock time the run took; throughput is responses over this. */
  elapsedMs: number;
}

export interface LatencySummary {
  avg: number | null;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
}

export interface Summary {
  name: string;
  path: string;
  /** Everything sent: responses plus timeouts plus connection errors. */
  requests: number;
  successes: number;
  errors: { non2xx: number; timeouts: number; connection: number; total: number };
  errorRatePct: number;
  successRatePct: number;
  latencyMs: LatencySummary;
  throughputRps: number;
  durationSeconds: number;
  statusCodes: Record<string, number>;
  cache: Tally['cache'] & { hitRatePct: number | null };
}

export function emptyTally(): Tally {
  return {
    latencies: [],
    responses: 0,
    successes: 0,
    non2xx: 0,
    timeouts: 0,
    connectionErrors: 0,
    statusCodes: {},
    cache: { hits: 0, misses: 0, bypasses: 0, other: 0, uncached: 0 },
    elapsedMs: 0,
  };
}

/** Counts one response: its status and what its X-Cache header said (undefined when absent). */
export function recordResponse(tally: Tally, status: number, xCache: string | undefined): void {
  tally.responses++;
  tally.statusCodes[status] = (tally.statusCodes[status] ?? 0) + 1;
  if (status >= 200 && status < 300) tally.successes++;
  else tally.non2xx++;
  if (xCache === undefined) tally.cache.uncached++;
  else {
    const outcome = xCache.trim().toUpperCase();
    if (outcome === 'HIT') tally.cache.hits++;
    else if (outcome === 'MISS') tally.cache.misses++;
    else if (outcome === 'BYPASS') tally.cache.bypasses++;
    else tally.cache.other++;
  }
}

/** Nearest-rank percentile of values sorted ascending; null when there are none. */
export function percentile(sorted: ArrayLike<number>, p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

const round2 = (value: number) => Math.round(value * 100) / 100;

export function summarizeLatencies(latencies: readonly number[]): LatencySummary {
  if (latencies.length === 0) return { avg: null, p50: null, p95: null, p99: null, max: null };
  const sorted = Float64Array.from(latencies).sort();
  let sum = 0;
  for (const value of sorted) sum += value;
  return {
    avg: round2(sum / sorted.length),
    p50: round2(percentile(sorted, 50)!),
    p95: round2(percentile(sorted, 95)!),
    p99: round2(percentile(sorted, 99)!),
    max: round2(sorted[sorted.length - 1]),
  };
}

const pct = (part: number, whole: number) => (whole === 0 ? 0 : round2((part / whole) * 100));

export function summarize(name: string, path: string, tally: Tally): Summary {
  const requests = tally.responses + tally.timeouts + tally.connectionErrors;
  const errors = tally.non2xx + tally.timeouts + tally.connectionErrors;
  // Only responses that went through the cache count: /api/health has no X-Cache at all.
  const cacheable = tally.cache.hits + tally.cache.misses + tally.cache.bypasses + tally.cache.other;
  const seconds = tally.elapsedMs / 1000;
  return {
    name,
    path,
    requests,
    successes: tally.successes,
    errors: { non2xx: tally.non2xx, timeouts: tally.timeouts, connection: tally.connectionErrors, total: errors },
    errorRatePct: pct(errors, requests),
    successRatePct: pct(tally.successes, requests),
    latencyMs: summarizeLatencies(tally.latencies),
    throughputRps: seconds > 0 ? round2(tally.responses / seconds) : 0,
    durationSeconds: round2(seconds),
    statusCodes: { ...tally.statusCodes },
    cache: { ...tally.cache, hitRatePct: cacheable === 0 ? null : pct(tally.cache.hits, cacheable) },
  };
}

/** The endpoints ran one after another, so their times add up. */
export function mergeTallies(tallies: readonly Tally[]): Tally {
  const merged = emptyTally();
  for (const tally of tallies) {
    for (const value of tally.latencies) merged.latencies.push(value);
    merged.responses += tally.responses;
    merged.successes += tally.successes;
    merged.non2xx += tally.non2xx;
    merged.timeouts += tally.timeouts;
    merged.connectionErrors += tally.connectionErrors;
    for (const [status, count] of Object.entries(tally.statusCodes)) {
      merged.statusCodes[status] = (merged.statusCodes[status] ?? 0) + count;
    }
    merged.cache.hits += tally.cache.hits;
    merged.cache.misses += tally.cache.misses;
    merged.cache.bypasses += tally.cache.bypasses;
    merged.cache.other += tally.cache.other;
    merged.cache.uncached += tally.cache.uncached;
    merged.elapsedMs += tally.elapsedMs;
  }
  return merged;
}
