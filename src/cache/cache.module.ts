import { Global, Inject, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { CACHE_MANAGER, CacheModule } from '@nestjs/cache-manager';
import type { Cache } from 'cache-manager';
import { APP_INTERCEPTOR, HttpAdapterHost } from '@nestjs/core';
import KeyvRedis from '@keyv/redis';
import { Keyv } from 'keyv';
import type { FastifyInstance } from 'fastify';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { HEALTH_INDICATORS } from '../health/health-indicators';
import { CacheInvalidationService } from './cache-invalidation.service';
import { cacheHealthCheck } from './cache-health';
import { CacheWarmupService } from './cache-warmup.service';
import { registerNotModified } from './not-modified.hook';
import { ResponseCacheInterceptor } from './response-cache.interceptor';
import { MemoryResponseStore } from './stores/memory-response-store';
import { RedisResponseStore } from './stores/redis-response-store';
import { RESPONSE_STORE, ResponseStore } from './stores/response-store';

/** Registers the 304 hook on Fastify and closes both Redis connections on shutdown. */
class ResponseCacheLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(RESPONSE_STORE) private readonly store: ResponseStore,
    @Inject(CACHE_MANAGER) private readonly cacheManager: Cache,
  ) {}

  onModuleInit(): void {
    registerNotModified(this.adapterHost.httpAdapter.getInstance<FastifyInstance>());
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
    await this.cacheManager.disconnect().catch(() => undefined);
  }
}

/**
 * The response cache. Feature modules use it only through @CachePolicy and their domain
 * events; it never imports a feature module.
 *
 * CACHE_MANAGER (@nestjs/cache-manager, cache-manager 7, Keyv; @keyv/redis when REDIS_URL is
 * set) backs the CacheInterceptor base class. Finished responses go through our own store
 * (node-redis 5 or in process), because Keyv wraps values in JSON and cannot SCAN, UNLINK or
 * run the scripts that make a store conditional.
 */
@Global()
@Module({
  imports: [
    CacheModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        stores: config.redisUrl
          ? [
              new Keyv({
                store: new KeyvRedis(config.cache.redisCluster ? { rootNodes: [{ url: config.redisUrl }] } : config.redisUrl, {
                  throwOnConnectError: false,
                  throwOnErrors: false,
                }),
                namespace: `${config.cache.keyPrefix}-cm`,
              }),
            ]
          : undefined,
        ttl: 300_000,
      }),
    }),
  ],
  providers: [
    {
      provide: RESPONSE_STORE,
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig): Promise<ResponseStore> => {
        if (!config.redisUrl) return new MemoryResponseStore();
        const store = new RedisResponseStore({
          url: config.redisUrl,
          prefix: config.cache.keyPrefix,
          commandTimeoutMs: config.cache.redisCommandTimeoutMs,
          connectTimeoutMs: config.cache.redisConnectTimeoutMs,
          cluster: config.cache.redisCluster,
        });
        await store.connect();
        return store;
      },
    },
    {
      provide: HEALTH_INDICATORS,
      inject: [RESPONSE_STORE],
      useFactory: (store: ResponseStore) => [cacheHealthCheck(store)],
    },
    { provide: APP_INTERCEPTOR, useClass: ResponseCacheInterceptor },
    CacheInvalidationService,
    CacheWarmupService,
    ResponseCacheLifecycle,
  ],
  exports: [RESPONSE_STORE, HEALTH_INDICATORS],
})
export class ResponseCacheModule {}
