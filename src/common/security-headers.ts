import fastifyHelmet from '@fastify/helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** A year, the usual HSTS preload minimum. */
const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * Security headers on every response, through @fastify/helmet: X-Content-Type-Options nosniff,
 * Referrer-Policy no-referrer, X-Frame-Options DENY with CSP frame-ancestors 'none', and
 * helmet's default Content-Security-Policy. Swagger UI (/docs) loads only same-origin scripts
 * (no inline script) and inline styles, which that policy allows; its
 * upgrade-insecure-requests is dropped, because it would make a browser fetch /docs' scripts
 * over https from a server that answers plain http (a local run, an internal port).
 *
 * HSTS only when the request came over TLS: trustProxy is on, so a proxy that terminates TLS
 * and says X-Forwarded-Proto: https counts. Over plain http the header means nothing and would
 * only pin a browser to https for a host that does not serve it.
 */
export async function registerSecurityHeaders(app: NestFastifyApplication): Promise<void> {
  const directives = fastifyHelmet.contentSecurityPolicy.getDefaultDirectives();
  delete directives['upgrade-insecure-requests'];
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: { useDefaults: false, directives: { ...directives, 'frame-ancestors': ["'none'"] } },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: false,
  });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) => {
      if (request.protocol === 'https') void reply.header('strict-transport-security', HSTS);
      done();
    });
}
