import { Module } from '@nestjs/common';
import { CacheInvalidations } from '../cache/cache-invalidation.registry';
import { analyticsInvalidations } from './analytics.cache';
import { AnalyticsController } from './analytics.controller';
import { AnalyticsService } from './analytics.service';

@Module({
  imports: [CacheInvalidations.forFeature('analytics', analyticsInvalidations)],
  controllers: [AnalyticsController],
  providers: [AnalyticsService],
})
export class AnalyticsModule {}
