import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { Level } from 'pino';
import type { AppConfig } from '../config/app-config';

/** Paths pino replaces with [Redacted]: credentials never reach the logs. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
];

/** Routes whose every hit is noise in the request log (scrapes, health checks). */
const QUIET_PATHS = new Set(['/metrics', '/api/health']);

/** @fastify/middie copies Fastify's request id and original URL onto the raw request. */
type RawRequest = IncomingMessage & { originalUrl?: string };

/** The level of the per-request line: 5xx and thrown errors are errors, 4xx warnings. */
export function requestLogLevel(status: number, error?: Error): Level {
  if (error || status >= 500) return 'error';
  if (status >= 400) return 'warn';
  return 'info';
}

/** nestjs-pino / pino-http settings: JSON lines on stdout, one request id shared with Fastify. */
export function buildPinoParams(config: Pick<AppConfig, 'logLevel' | 'logRequests'>): Params {
  return {
    pinoHttp: {
      level: config.logLevel,
      redact: { paths: REDACTED_PATHS, censor: '[Redacted]' },
      // The id Fastify gave the request (genReqId in app.factory.ts): the same value as the
      // X-Request-Id header and the error body's requestId.
      genReqId: (req: IncomingMessage) => req.id ?? randomUUID(),
      autoLogging: config.logRequests
        ? { ignore: (req: RawRequest) => QUIET_PATHS.has((req.originalUrl ?? req.url ?? '').split('?')[0]) }
        : false,
      customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) => requestLogLevel(res.statusCode, error),
      // Logs written while handling a request carry only reqId; the request line has the rest.
      quietReqLogger: true,
    },
  };
}
