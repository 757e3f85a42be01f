import { Controller, Get, Inject, Optional } from '@nestjs/common';
import { ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../auth/decorators';
import { HEALTH_INDICATORS, HealthIndicatorFn } from './health-indicators';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    @Optional() @Inject(HEALTH_INDICATORS) private readonly extra: HealthIndicatorFn[] = [],
  ) {}

  @Public()
  @Get()
  @HealthCheck()
  @ApiOperation({
    summary: 'Liveness and dependencies: 200 when the database answers, 503 when it does not',
    description: 'Public. Lists each dependency: the database, and the cache store, whose outage shows as degraded with the answer still 200.',
  })
  @ApiServiceUnavailableResponse({ description: 'A required dependency is down' })
  check(): Promise<HealthCheckResult> {
    return this.health.check([() => this.db.pingCheck('database', { timeout: 2000 }), ...this.extra]);
  }
}
