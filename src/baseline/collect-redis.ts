import { createClient } from 'redis';
import { RedisData, ratio, redactUrl, SourceResult } from './baseline-report';
import { countKeys, parseRedisInfo } from './redis-info';

/** Redis INFO: hit rate from keyspace hits/misses, memory against maxmemory, evictions. */
export async function collectRedis(url: string | undefined, timeoutMs: number): Promise<SourceResult<RedisData>> {
  if (!url) return { ok: false, error: 'REDIS_URL is not set: Redis skipped' };
  const client = createClient({ url, socket: { connectTimeout: timeoutMs, reconnectStrategy: false } });
  let lastError: Error | undefined;
  client.on('error', (error: Error) => (lastError = error));
  try {
    await client.connect();
    const info = parseRedisInfo(await client.info());
    const number = (name: string) => Number(info.get(name) ?? 0);
    const hits = number('keyspace_hits');
    const misses = number('keyspace_misses');
    const used = number('used_memory');
    const max = number('maxmemory');
    return {
      ok: true,
      data: {
        url: redactUrl(url),
        version: info.get('redis_version') ?? null,
        keyspaceHits: hits,
        keyspaceMisses: misses,
        hitRate: ratio(hits, misses),
        usedMemoryBytes: used,
        usedMemoryHuman: info.get('used_memory_human') ?? null,
        maxMemoryBytes: max,
        memoryUsedShare: max > 0 ? used / max : null,
        maxMemoryPolicy: info.get('maxmemory_policy') ?? null,
        evictedKeys: number('evicted_keys'),
        connectedClients: info.has('connected_clients') ? number('connected_clients') : null,
        keys: countKeys(info),
      },
      notes: max === 0 ? ['maxmemory is 0 (no limit): Redis can grow until the machine runs out of memory'] : undefined,
    };
  } catch (error) {
    const reason = (error as Error)?.message || lastError?.message || String(error);
    return { ok: false, error: `Redis at ${redactUrl(url)} is unreachable: ${reason}` };
  } finally {
    if (client.isOpen) await client.close().catch(() => undefined);
  }
}
