import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Driver } from '../drivers/driver.entity';
import { DriverDirectory } from './driver-directory';
import { MemoryPositionStore } from './memory-position-store';
import { PositionBuffer } from './position-buffer';
import { PositionFlusher } from './position-flusher';
import { NO_POSITION_METRICS, POSITION_METRICS, PositionMetrics, PROMETHEUS_POSITION_METRICS } from './position-metrics';
import { POSITION_STORE, PositionStore } from './position-store';
import { PositionStreams } from './position-streams';
import { PositionsController } from './positions.controller';
import { PositionsLifecycle } from './positions.lifecycle';
import { PositionsListener } from './positions.listener';
import { PositionsService } from './positions.service';
import { RedisPositionStore } from './redis-position-store';

/**
 * Live driver positions as telemetry: a store (Redis, or in process without REDIS_URL), a
 * buffer flushed to PostgreSQL in batches, the latest-positions endpoint and the event stream.
 * DriversModule uses PositionsService for PATCH /api/drivers/:id/location.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Driver]), AuthModule],
  controllers: [PositionsController],
  providers: [
    {
      provide: POSITION_STORE,
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig): Promise<PositionStore> => {
        if (!config.redisUrl) return new MemoryPositionStore();
        const store = new RedisPositionStore({
          url: config.redisUrl,
          cluster: config.cache.redisCluster,
          prefix: config.cache.keyPrefix,
          commandTimeoutMs: config.cache.redisCommandTimeoutMs,
          connectTimeoutMs: config.cache.redisConnectTimeoutMs,
          breakerFailures: config.cache.breakerFailures,
          breakerOpenMs: config.cache.breakerOpenMs,
        });
        await store.connect();
        return store;
      },
    },
    {
      provide: POSITION_METRICS,
      inject: [{ token: PROMETHEUS_POSITION_METRICS, optional: true }],
      useFactory: (prometheus?: PositionMetrics): PositionMetrics => prometheus ?? NO_POSITION_METRICS,
    },
    DriverDirectory,
    PositionBuffer,
    PositionFlusher,
    PositionStreams,
    PositionsService,
    PositionsListener,
    PositionsLifecycle,
  ],
  exports: [PositionsService],
})
export class PositionsModule {}
