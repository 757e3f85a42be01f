import type { FastifyInstance } from 'fastify';

/** True when an If-None-Match header lists this ETag (or *). */
export function etagMatches(ifNoneMatch: string, etag: string): boolean {
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim();
    return t === etag || t === `W/${etag}`;
  });
}

/**
 * Answers 304 with no body when If-None-Match matches the response's ETag, for cached hits
 * and misses alike. Runs as an onSend hook so the status and body are replaced after
 * Nest has produced them.
 */
export function registerNotModified(fastify: FastifyInstance): void {
  fastify.addHook('onSend', (request, reply, payload, done) => {
    const ifNoneMatch = request.headers['if-none-match'];
    if (ifNoneMatch === undefined || reply.statusCode !== 200) return done(null, payload);
    const etag = reply.getHeader('etag');
    if (typeof etag !== 'string' || !etagMatches(ifNoneMatch, etag)) return done(null, payload);
    reply.code(304);
    reply.removeHeader('content-encoding');
    reply.removeHeader('content-length');
    done(null, null);
  });
}
