import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { AuthModule } from './auth/auth.module';
import { ResponseCacheModule } from './cache/cache.module';
import { AllExceptionsFilter } from './common/all-exceptions.filter';
import { DomainEventsModule } from './common/domain-events';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { ReadReplicasModule } from './database/replicas/read-replicas.module';
import { AnalyticsModule } from './analytics/analytics.module';
import { DriversModule } from './drivers/drivers.module';
import { HealthModule } from './health/health.module';
import { IdempotencyModule } from './idempotency/idempotency.module';
import { LifecycleModule } from './lifecycle/lifecycle.module';
import { LoadsModule } from './loads/loads.module';
import { LoggingModule } from './logging/logging.module';
import { MetricsModule } from './metrics/metrics.module';
import { NotificationsModule } from './notifications/notifications.module';
import { RateLimitModule } from './rate-limit/rate-limit.module';
import { RoutesModule } from './routes/routes.module';
import { UsersModule } from './users/users.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule,
        LifecycleModule,
        MetricsModule.forRoot(config),
        EventEmitterModule.forRoot(),
        DatabaseModule,
        ReadReplicasModule,
        DomainEventsModule,
        RateLimitModule,
        AuthModule,
        ResponseCacheModule,
        IdempotencyModule,
        HealthModule,
        LoadsModule,
        DriversModule,
        RoutesModule,
        NotificationsModule,
        UsersModule,
        AnalyticsModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: AllExceptionsFilter }],
    };
  }
}
