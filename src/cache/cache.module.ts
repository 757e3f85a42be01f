import { Global, Inject, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { CacheModule } from '@nestjs/cache-manager';
import { APP_INTERCEPTOR, HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { HEALTH_INDICATORS } from '../health/health-indicators';
import { DataSource } from 'typeorm';
import { ReadReplicas } from '../database/replicas/read-replicas';
import { CacheInvalidationRegistry } from './cache-invalidation.registry';
import { CacheInvalidator, INVALIDATION_OUTBOX } from './cache-invalidator';
import { cacheHealthCheck } from './cache-health';
import { applyOutbox, InvalidationOutbox } from './outbox/invalidation-outbox';
import { CacheWarmupService } from './cache-warmup.service';
import { CacheHitFastPath } from './cache-hit-fast-path';
import { registerNotModified } from './not-modified.hook';
import { ResponseCacheInterceptor } from './response-cache.interceptor';
import { MemoryResponseStore } from './stores/memory-response-store';
import { RedisResponseStore } from './stores/redis-response-store';
import { RESPONSE_STORE, ResponseStore } from './stores/response-store';
import { invalidateCommitted } from './wal-positioned-invalidation';

/** Registers the 304 hook on Fastify and closes the store on shutdown. */
class ResponseCacheLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(RESPONSE_STORE) private readonly store: ResponseStore,
  ) {}

  onModuleInit(): void {
    registerNotModified(this.adapterHost.httpAdapter.getInstance<FastifyInstance>());
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

/**
 * The response cache. Feature modules use it only through @CachePolicy, their declared
 * dependencies and their invalidation maps (CacheInvalidations.forFeature); it never imports
 * a feature module. Finished responses live in our own store (node-redis 5, or in process),
 * because Keyv wraps values in JSON and cannot run the scripts that validate an entry.
 */
@Global()
@Module({
  imports: [
    // Only for the CacheInterceptor base class's constructor (see ResponseCacheInterceptor).
    CacheModule.register(),
  ],
  providers: [
    {
      // The outbox only with Redis: in process, invalidation cannot fail and dies with the cache.
      provide: INVALIDATION_OUTBOX,
      inject: [APP_CONFIG, DataSource],
      useFactory: (config: AppConfig, dataSource: DataSource) => (config.redisUrl ? new InvalidationOutbox(dataSource) : null),
    },
    {
      provide: RESPONSE_STORE,
      inject: [APP_CONFIG, INVALIDATION_OUTBOX, { token: ReadReplicas, optional: true }],
      useFactory: async (config: AppConfig, outbox: InvalidationOutbox | null, replicas?: ReadReplicas): Promise<ResponseStore> => {
        if (!config.redisUrl || !outbox) return new MemoryResponseStore(config.cache.memoryMaxBytes);
        const store: RedisResponseStore = new RedisResponseStore({
          url: config.redisUrl,
          prefix: config.cache.keyPrefix,
          commandTimeoutMs: config.cache.redisCommandTimeoutMs,
          connectTimeoutMs: config.cache.redisConnectTimeoutMs,
          invalidationTimeoutMs: config.cache.invalidationTimeoutMs,
          cluster: config.cache.redisCluster,
          breaker: { consecutiveFailures: config.cache.breakerFailures, openMs: config.cache.breakerOpenMs },
          // Before the circuit closes (start-up, end of an outage): every pending invalidation.
          recover: async () => {
            await applyOutbox(outbox, (dependencies) => invalidateCommitted(store, replicas, dependencies), 0);
          },
        });
        await store.connect();
        return store;
      },
    },
    {
      provide: HEALTH_INDICATORS,
      inject: [RESPONSE_STORE, CacheInvalidator],
      useFactory: (store: ResponseStore, invalidator: CacheInvalidator) => [cacheHealthCheck(store, invalidator)],
    },
    ResponseCacheInterceptor,
    // The same instance: the hit fast path checks that it is the only global interceptor.
    { provide: APP_INTERCEPTOR, useExisting: ResponseCacheInterceptor },
    CacheHitFastPath,
    CacheInvalidationRegistry,
    CacheInvalidator,
    CacheWarmupService,
    ResponseCacheLifecycle,
  ],
  exports: [RESPONSE_STORE, HEALTH_INDICATORS, CacheInvalidationRegistry],
})
export class ResponseCacheModule {}
