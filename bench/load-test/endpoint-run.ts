import autocannon from 'autocannon';
import type { IncomingHttpHeaders } from 'node:http';
import { performance } from 'node:perf_hooks';
import { emptyTally, recordResponse, Tally } from './stats';

export interface EndpointRunOptions {
  apiUrl: string;
  path: string;
  connections: number;
  /** Requests to send; ignored when durationSeconds is set. */
  amount: number;
  durationSeconds?: number;
  timeoutSeconds: number;
  /** Each request carries the next token in turn, as traffic from many users would. */
  tokens: readonly string[];
  progress?: NodeJS.WritableStream;
  onResponse?: () => void;
}

function header(headers: IncomingHttpHeaders | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

/** Loads one GET endpoint with autocannon and tallies every response. */
export function runEndpoint(options: EndpointRunOptions): Promise<Tally> {
  const tally = emptyTally();
  let turn = 0;
  const request: autocannon.Request = {
    method: 'GET',
    path: options.path,
    setupRequest: (req) => {
      const token = options.tokens.length ? options.tokens[turn++ % options.tokens.length] : undefined;
      return token ? { ...req, headers: { ...req.headers, authorization: `Bearer ${token}` } } : req;
    },
    onResponse: (status, _body, _context, headers) => {
      recordResponse(tally, status, header(headers, 'x-cache'));
      options.onResponse?.();
    },
  };
  const started = performance.now();
  // autocannon notices the end of an --amount run only on its next one-second tick, so the
  // run's own wall time would round every endpoint up to whole seconds: time the traffic itself.
  let lastActivity = started;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.apiUrl,
        connections: options.connections,
        ...(options.durationSeconds !== undefined ? { duration: options.durationSeconds } : { amount: options.amount }),
        timeout: options.timeoutSeconds,
        requests: [request],
      },
      (error: Error | null, result: autocannon.Result) => {
        if (error) return reject(error);
        tally.elapsedMs = lastActivity - started;
        tally.timeouts = result.timeouts;
        // autocannon's errors include its timeouts.
        tally.connectionErrors = Math.max(0, result.errors - result.timeouts);
        resolve(tally);
      },
    );
    // autocannon 8 emits (client, status, bytes, responseTime); the typings omit the client.
    (instance as unknown as NodeJS.EventEmitter).on('response', (...args: unknown[]) => {
      const responseTime = args[args.length - 1];
      if (typeof responseTime === 'number') tally.latencies.push(responseTime);
      lastActivity = performance.now();
    });
    instance.on('reqError', () => {
      lastActivity = performance.now();
    });
    if (options.progress) {
      autocannon.track(instance, {
        outputStream: options.progress,
        renderProgressBar: true,
        renderResultsTable: false,
        renderLatencyTable: false,
      });
    }
  });
}
