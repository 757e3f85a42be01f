import { createClient } from 'redis';
import { buildCacheKey, generationKey } from '../../src/cache/cache-key';
import { buildCachedResponse, encodeCachedResponse } from '../../src/cache/cached-response';

type RawClient = ReturnType<typeof createClient>;

const BATCH = 2000;
const TTL_MS = 300_000;

/**
 * Fills Redis with `count` distinct query variants of GET /api/loads in the store's own
 * format: the same key builder, the same encoded entry (body + gzip + header), filed under
 * the `loads` dependency at its current generation, as the store script writes them.
 */
export async function fillLoadVariants(client: RawClient, prefix: string, body: Buffer, count: number): Promise<void> {
  const generation = `bench${Date.now()}`;
  await client.set(generationKey(prefix, 'loads'), generation, { expiration: { type: 'PX', value: TTL_MS } });
  const value = Buffer.concat([Buffer.from(`${generation}\n`), encodeCachedResponse(buildCachedResponse(body, TTL_MS))]);
  for (let start = 0; start < count; start += BATCH) {
    const pending: Array<Promise<unknown>> = [];
    for (let i = start; i < Math.min(start + BATCH, count); i++) {
      const key = buildCacheKey({
        prefix,
        route: '/api/loads',
        scope: 'shared',
        params: {},
        query: { limit: '20', reference: `BENCH-${i}` },
        dependency: 'loads',
      });
      pending.push(client.set(key, value, { expiration: { type: 'PX', value: TTL_MS } }));
    }
    // Commands issued in one tick go out as one pipeline.
    await Promise.all(pending);
  }
}
