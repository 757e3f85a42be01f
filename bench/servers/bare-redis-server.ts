/**
 * Variant (d), the ceiling: node:http answering every request with the bytes stored under
 * one Redis key, one GET per request through node-redis 5. No framework, no auth, no key
 * building: what any Redis-backed cache on this machine can at best approach.
 */
import { createServer } from 'node:http';
import { createClient, RESP_TYPES } from 'redis';
import { announce, stopOn } from './announce';

async function main(): Promise<void> {
  const url = process.env.BARE_REDIS_URL;
  const key = process.env.BARE_KEY;
  if (!url || !key) throw new Error('BARE_REDIS_URL and BARE_KEY are required');
  const client = createClient({ url });
  await client.connect();
  const binary = client.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });

  const server = createServer((req, res) => {
    binary.get(key).then(
      (body) => {
        if (!body) {
          res.writeHead(404).end();
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
        res.end(body);
      },
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
