/**
 * Variant (b): the same app with our cache off (CACHE_ENABLED=false) and the stock
 * @nestjs/cache-manager CacheInterceptor in front, on cache-manager 7 + @keyv/redis,
 * as its documentation sets it up. Same routes, same guard, same token.
 */
import 'reflect-metadata';
import { CacheInterceptor } from '@nestjs/cache-manager';
import { HttpAdapterHost, Reflector } from '@nestjs/core';
import { createKeyv } from '@keyv/redis';
import { createCache } from 'cache-manager';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/app-config';
import { announce, stopOn } from './announce';

const TTL_MS = 300_000;

async function main(): Promise<void> {
  const config = loadConfig();
  if (config.cache.enabled) throw new Error('the stock variant needs CACHE_ENABLED=false');
  const redisUrl = process.env.STOCK_REDIS_URL;
  if (!redisUrl) throw new Error('STOCK_REDIS_URL is not set');
  const cacheManager = createCache({ stores: [createKeyv(redisUrl)], ttl: TTL_MS });
  const app = await createApp(config);
  const interceptor = new CacheInterceptor(cacheManager, app.get(Reflector));
  // Nest injects this property when the interceptor is a provider; built by hand, we set it.
  Object.assign(interceptor, { httpAdapterHost: app.get(HttpAdapterHost) });
  app.useGlobalInterceptors(interceptor);
  await app.listen({ port: 0, host: '127.0.0.1' });
  stopOn(async () => {
    await app.close();
    await cacheManager.disconnect();
  });
  announce(app.getHttpServer());
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
