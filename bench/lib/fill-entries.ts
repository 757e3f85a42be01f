import { createClient } from 'redis';
import { buildCacheKey, dependencyKeys } from '../../src/cache/cache-key';
import { buildCachedResponse, encodeCachedResponse } from '../../src/cache/cached-response';

type RawClient = ReturnType<typeof createClient>;

const BATCH = 2000;
const TTL_MS = 300_000;

/**
 * Fills Redis with `count` distinct query variants of GET /api/loads in the store's own
 * format: the same key builder, the same encoded entry (body + gzip + header), filed under
 * the `loads` dependency with the same SET PX / SADD / PEXPIRE that the store script runs.
 */
export async function fillLoadVariants(client: RawClient, prefix: string, body: Buffer, count: number): Promise<void> {
  const value = encodeCachedResponse(buildCachedResponse(body, TTL_MS));
  const members = dependencyKeys(prefix, 'loads').members;
  for (let start = 0; start < count; start += BATCH) {
    const pending: Array<Promise<unknown>> = [];
    const keys: string[] = [];
    for (let i = start; i < Math.min(start + BATCH, count); i++) {
      const key = buildCacheKey({
        prefix,
        route: '/api/loads',
        scope: 'shared',
        params: {},
        query: { limit: '20', reference: `BENCH-${i}` },
      });
      keys.push(key);
      pending.push(client.set(key, value, { expiration: { type: 'PX', value: TTL_MS } }));
    }
    // Commands issued in one tick go out as one pipeline.
    pending.push(client.sAdd(members, keys), client.pExpire(members, TTL_MS));
    await Promise.all(pending);
  }
}
