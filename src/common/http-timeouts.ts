import type { FastifyHttpOptions } from 'fastify';
import type { Server } from 'node:http';
import type { AppConfig } from '../config/app-config';

/** How often Node sweeps open connections for the header and request timeouts (its default is 30 s). */
const CONNECTIONS_CHECK_INTERVAL_MS = 1000;

/**
 * Fastify's defaults leave the request timeout off, so a client that sends headers and half a
 * body, then stalls, held its connection forever (one still open after 400 s; 300 held at once).
 * Node answers 408 and closes once the request timeout passes, checked every second.
 */
export function httpTimeoutOptions(
  http: AppConfig['http'],
): Pick<FastifyHttpOptions<Server>, 'requestTimeout' | 'keepAliveTimeout' | 'connectionTimeout' | 'http'> {
  return {
    requestTimeout: http.requestTimeoutMs,
    keepAliveTimeout: http.keepAliveTimeoutMs,
    connectionTimeout: http.connectionTimeoutMs,
    http: {
      requestTimeout: http.requestTimeoutMs,
      headersTimeout: http.headersTimeoutMs,
      connectionsCheckingInterval: Math.min(CONNECTIONS_CHECK_INTERVAL_MS, http.headersTimeoutMs),
    },
  };
}
