import { pino, type Level, type Logger } from 'pino';
import { tickBatchedStdout } from './tick-batched-stdout';
import type { AppConfig } from '../config/app-config';

/** Paths pino replaces with [Redacted]: credentials never reach the logs. */
export const REDACTED_PATHS = ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]', 'res.headers["set-cookie"]'];

/** Routes whose every hit is noise in the request log (scrapes, health checks). */
export const QUIET_PATHS = new Set(['/metrics', '/api/health', '/api/health/live', '/api/health/ready']);

/** The level of the per-request line: 5xx are errors, 4xx warnings. */
export function requestLogLevel(status: number): Level {
  if (status >= 500) return 'error';
  if (status >= 400) return 'warn';
  return 'info';
}

/**
 * The app's pino logger: JSON lines on stdout, credentials redacted. The request line is
 * written by a Fastify onResponse hook (request-log.hook.ts) rather than pino-http, whose
 * AsyncLocalStorage context and header serialisation cost about a fifth of a cache hit's CPU
 * (BENCHMARKS.md).
 */
export function createPinoLogger(config: Pick<AppConfig, 'logLevel'>): Logger {
  return pino(
    { level: config.logLevel, redact: { paths: REDACTED_PATHS, censor: '[Redacted]' } },
    // Asynchronous stdout, written once per event-loop turn instead of a blocking write per
    // request line. pino flushes it when the process exits.
    tickBatchedStdout(),
  );
}
