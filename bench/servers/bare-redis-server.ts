/**
 * Variant (d), the ceiling: node:http answering every request with the bytes stored under
 * one Redis key, one GET per request through node-redis 5. No framework, no auth, no key
 * building: what any Redis-backed cache on this machine can at best approach.
 * BARE_BODY=string reads the value as a string and sends it as one (node:http writes the
 * headers and a string body in one write; a Buffer body goes out as headers + body in a
 * writev), BARE_BODY=buffer (the default) as a Buffer: the same bytes either way.
 */
import { createServer, ServerResponse } from 'node:http';
import { createClient, RESP_TYPES } from 'redis';
import { announce, stopOn } from './announce';

const JSON_TYPE = 'application/json; charset=utf-8';

function answer(res: ServerResponse, body: string | Buffer | null): void {
  if (body === null) {
    res.writeHead(404).end();
    return;
  }
  const length = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
  res.writeHead(200, { 'content-type': JSON_TYPE, 'content-length': length });
  res.end(body);
}

async function main(): Promise<void> {
  const url = process.env.BARE_REDIS_URL;
  const key = process.env.BARE_KEY;
  const mode = process.env.BARE_BODY ?? 'buffer';
  if (!url || !key) throw new Error('BARE_REDIS_URL and BARE_KEY are required');
  if (mode !== 'buffer' && mode !== 'string') throw new Error('BARE_BODY is buffer or string');
  const client = createClient({ url });
  await client.connect();
  const binary = client.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });
  const get: () => Promise<string | Buffer | null> = mode === 'string' ? () => client.get(key) : () => binary.get(key);

  const server = createServer((req, res) => {
    get().then(
      (body) => answer(res, body),
      () => res.writeHead(503).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stopOn(async () => {
    server.close();
    await client.close();
  });
  announce(server);
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
