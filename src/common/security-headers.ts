import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import helmet, { contentSecurityPolicy, type HelmetOptions } from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A year, the usual HSTS preload minimum. */
const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * Helmet's defaults with three changes: X-Frame-Options DENY and CSP frame-ancestors 'none'
 * (nothing here belongs in a frame), Referrer-Policy no-referrer, and no
 * upgrade-insecure-requests, which would make a browser fetch Swagger UI's scripts over https
 * from a server that answers plain http (a local run, an internal port). Swagger UI (/docs)
 * loads only same-origin scripts (no inline script) and inline styles, which the policy allows.
 * HSTS is left out here and sent per request, only over TLS.
 */
function helmetOptions(): HelmetOptions {
  const directives = contentSecurityPolicy.getDefaultDirectives();
  delete directives['upgrade-insecure-requests'];
  return {
    contentSecurityPolicy: { useDefaults: false, directives: { ...directives, 'frame-ancestors': ["'none'"] } },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: false,
  };
}

/**
 * The headers helmet sets, computed once. They do not depend on the request (no CSP nonces),
 * and @fastify/helmet rebuilds helmet's middleware on every request: on a bare Fastify route
 * that halved throughput here, where setting the finished headers costs a few percent.
 */
export function securityHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  helmet(helmetOptions())({} as IncomingMessage, response as unknown as ServerResponse, () => undefined);
  return headers;
}

/**
 * What a JSON answer needs (the OWASP REST set): a browser must not sniff it into HTML, frame it
 * or leak its URL. The full helmet set (a CSP for scripts, the cross-origin policies) only means
 * something on the HTML and scripts of Swagger UI; on every API answer its dozen headers cost a
 * cache hit 10-20% of its throughput (BENCHMARKS.md).
 */
const API_HEADER_NAMES = ['x-content-type-options', 'x-frame-options', 'referrer-policy'];

/**
 * Security headers on every response: that API set under /api, helmet's whole set elsewhere
 * (Swagger UI, /metrics), and HSTS when the request came over TLS: trustProxy is on, so a proxy
 * that terminates TLS and says X-Forwarded-Proto: https counts. Over plain http the header means
 * nothing and would only pin a browser to https for a host that does not serve it.
 */
export function registerSecurityHeaders(app: NestFastifyApplication): void {
  const all = securityHeaders();
  const api: Record<string, string> = { 'content-security-policy': "default-src 'none'; frame-ancestors 'none'" };
  for (const name of API_HEADER_NAMES) api[name] = all[name];
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) => {
      void reply.headers(request.url.startsWith('/api/') ? api : all);
      if (request.protocol === 'https') void reply.header('strict-transport-security', HSTS);
      done();
    });
}
