export interface BaselineOptions {
  apiUrl: string;
  redisUrl: string | undefined;
  databaseUrl: string | undefined;
  outDir: string;
  sampleSeconds: number;
  timeoutMs: number;
}

export const BASELINE_USAGE = `Usage: npm run baseline -- [--out DIR] [--sample-seconds N] [--timeout-ms N]

Reads API_URL (default http://localhost:4000), REDIS_URL and DATABASE_URL, and writes
DIR/baseline-<timestamp>.json and .md (DIR defaults to reports).
  --out DIR            where the reports go
  --sample-seconds N   seconds between the two /metrics scrapes that give the CPU share (default 1, 0 = one scrape)
  --timeout-ms N       per source connect/request timeout (default 3000)
Exit code: 0 when at least one source answered, 1 when none did, 2 on bad usage.`;

export type ParsedArgs = { ok: true; options: BaselineOptions } | { ok: false; help: boolean; error?: string };

function trimmed(value: string | undefined): string | undefined {
  return value?.trim() ? value.trim() : undefined;
}

export function parseBaselineArgs(argv: string[], env: Record<string, string | undefined>): ParsedArgs {
  const options: BaselineOptions = {
    apiUrl: (trimmed(env.API_URL) ?? 'http://localhost:4000').replace(/\/+$/, ''),
    redisUrl: trimmed(env.REDIS_URL),
    databaseUrl: trimmed(env.DATABASE_URL),
    outDir: 'reports',
    sampleSeconds: 1,
    timeoutMs: 3000,
  };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    if (flag === '--help' || flag === '-h') return { ok: false, help: true };
    const value = argv[i + 1];
    if (!['--out', '--sample-seconds', '--timeout-ms'].includes(flag)) return { ok: false, help: false, error: `Unknown argument "${flag}"` };
    if (value === undefined || value.startsWith('--')) return { ok: false, help: false, error: `${flag} needs a value` };
    i += 1;
    if (flag === '--out') {
      options.outDir = value;
    } else {
      const n = Number(value);
      const max = flag === '--sample-seconds' ? 60 : 120_000;
      const min = flag === '--sample-seconds' ? 0 : 100;
      if (!Number.isFinite(n) || n < min || n > max)
        return { ok: false, help: false, error: `${flag} must be a number from ${min} to ${max}, got "${value}"` };
      if (flag === '--sample-seconds') options.sampleSeconds = n;
      else options.timeoutMs = Math.round(n);
    }
  }
  try {
    new URL(options.apiUrl);
  } catch {
    return { ok: false, help: false, error: `API_URL is not a valid URL: "${options.apiUrl}"` };
  }
  return { ok: true, options };
}
