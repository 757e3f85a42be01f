import { Agent, request } from 'node:http';

export interface ChaosInstance {
  name: string;
  baseUrl: string;
}

export interface TimedResponse {
  /** 0 when the request failed (connection refused or reset, timed out). */
  status: number;
  cache: string;
  body: unknown;
  ms: number;
  error?: string;
}

// Keep-alive, as a real client would, with a bound so that a hung instance shows as an error.
const agent = new Agent({ keepAlive: true, maxSockets: 16 });
const TIMEOUT_MS = 15_000;

/** One JSON request, timed; never throws, so a fault shows up as a status, not a crash. */
export function timedRequest(method: string, url: string, token: string, body?: unknown): Promise<TimedResponse> {
  const started = performance.now();
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (payload !== undefined) headers['content-type'] = 'application/json';
  return new Promise((resolve) => {
    const done = (response: Omit<TimedResponse, 'ms'>) => resolve({ ...response, ms: performance.now() - started });
    const req = request(url, { method, headers, agent, timeout: TIMEOUT_MS }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', (error) => done({ status: 0, cache: '', body: null, error: error.message }));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          // Not JSON (an error page): kept as text for the report.
        }
        done({ status: res.statusCode ?? 0, cache: String(res.headers['x-cache'] ?? ''), body: parsed });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)));
    req.on('error', (error) => done({ status: 0, cache: '', body: null, error: error.message }));
    req.end(payload);
  });
}

export async function login(instance: ChaosInstance, email: string, password: string): Promise<string> {
  const response = await fetch(`${instance.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 200) throw new Error(`login ${email} on ${instance.name}: ${response.status}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
