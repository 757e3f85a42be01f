import { Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { RateLimitStorage } from './rate-limit-storage';
import { rateLimitPolicies } from './rate-limit-policies';

/** The storage as a provider of its own, so Nest connects and closes its Redis client. */
@Module({ providers: [RateLimitStorage], exports: [RateLimitStorage] })
class RateLimitStorageModule {}

/**
 * @nestjs/throttler with one throttler per policy (rate-limit-policies.ts). Nothing is limited
 * globally: a route opts in with @RateLimited(operation).
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      imports: [RateLimitStorageModule],
      inject: [APP_CONFIG, RateLimitStorage],
      useFactory: (config: AppConfig, storage: RateLimitStorage) => ({
        throttlers: rateLimitPolicies(config.rateLimit).map((policy) => ({
          name: policy.name,
          limit: policy.limit,
          ttl: policy.windowSeconds * 1000,
        })),
        storage,
        setHeaders: false,
      }),
    }),
  ],
})
export class RateLimitModule {}
