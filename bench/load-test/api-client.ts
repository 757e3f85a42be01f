import { performance } from 'node:perf_hooks';

export interface ApiResponse<T> {
  /** 0 when no response came (connection error or timeout). */
  status: number;
  body: T | undefined;
  ms: number;
  error?: string;
}

/** The few requests the load test makes outside autocannon: logins, writes and freshness reads. */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly timeoutMs: number,
  ) {}

  async call<T>(method: string, path: string, options: { token?: string; body?: unknown } = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = {};
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const started = performance.now();
    try {
      const response = await fetch(this.baseUrl + path, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const text = await response.text();
      const ms = performance.now() - started;
      let body: T | undefined;
      if (text && (response.headers.get('content-type') ?? '').includes('json')) {
        try {
          body = JSON.parse(text) as T;
        } catch {
          body = undefined;
        }
      }
      return { status: response.status, body, ms, error: response.ok ? undefined : text.slice(0, 200) };
    } catch (error) {
      return { status: 0, body: undefined, ms: performance.now() - started, error: describe(error) };
    }
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
  }
  return String(error);
}
