import type { FastifyInstance } from 'fastify';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { constants, gzip } from 'node:zlib';
import { acceptsGzip } from './compression';

interface PrecompressedFile {
  body: Buffer;
  gzip: Buffer;
  etag: string;
}

const gzipAsync = promisify(gzip);

// Per process, not per app: the files (node_modules assets) do not change while it runs, and
// tests start many apps in one process. A promise, so concurrent first requests share one job.
const files = new Map<string, Promise<PrecompressedFile>>();

function load(path: string): Promise<PrecompressedFile> {
  let file = files.get(path);
  if (!file) {
    file = (async () => {
      const body = await readFile(path);
      const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
      return { body, gzip: await gzipAsync(body, { level: constants.Z_BEST_COMPRESSION }), etag };
    })();
    file.catch(() => files.delete(path)); // a failed read is retried on the next request
    files.set(path, file);
  }
  return file;
}

/**
 * GET `url` answers with the file at `path`, gzipped when the client accepts gzip. The file is
 * compressed once, on first request, and kept: the onSend gzip hook skips streams (such as
 * @fastify/static's), and compressing a 1.6 MB bundle per request would cost ~40 ms of CPU.
 * The ETag lets the global not-modified hook answer If-None-Match with 304.
 */
export function servePrecompressedFile(fastify: FastifyInstance, url: string, path: string, contentType: string): void {
  fastify.get(url, async (request, reply) => {
    const file = await load(path);
    void reply
      .header('content-type', contentType)
      .header('etag', file.etag)
      .header('cache-control', 'public, max-age=0')
      .header('vary', 'Accept-Encoding');
    if (!acceptsGzip(request.headers['accept-encoding'])) return reply.send(file.body);
    return reply.header('content-encoding', 'gzip').send(file.gzip);
  });
}
