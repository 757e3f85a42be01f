import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/decorators';
import { CachePolicy } from '../cache/cache-policy.decorator';
import { ANALYTICS_MAX_AGE_SECONDS } from './analytics.cache';
import { ApiErrors } from '../common/api-errors.decorator';
import { AnalyticsService } from './analytics.service';
import { AnalyticsQueryDto } from './dto/analytics-query.dto';
import { AnalyticsDto } from './dto/analytics.dto';

@ApiTags('analytics')
@Controller('analytics')
export class AnalyticsController {
  constructor(private readonly analytics: AnalyticsService) {}

  @Get()
  @CachePolicy({ scope: 'user', freshness: 'bounded', maxAgeSeconds: ANALYTICS_MAX_AGE_SECONDS })
  @ApiOperation({
    summary: 'Load, revenue and driver figures over a range of UTC days',
    description:
      'Dispatchers and admins see every load; a driver sees only their own loads. Cached per user and query with a bounded freshness: at most 60 seconds old, not cleared by writes.',
  })
  @ApiOkResponse({ type: AnalyticsDto })
  @ApiErrors({ 400: 'from/to not YYYY-MM-DD dates, from after to, or more than 366 days', 401: 'Missing, invalid or expired token' })
  report(@CurrentUser() user: AuthUser, @Query() query: AnalyticsQueryDto): Promise<AnalyticsDto> {
    return this.analytics.report(user, query);
  }
}
