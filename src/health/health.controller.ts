import { Controller, Get, Inject, Optional } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService, HealthIndicatorResult, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../auth/decorators';
import { ReadReplicas } from '../database/replicas/read-replicas';
import { replicaHealthCheck } from '../database/replicas/replica-health';
import { ShutdownState } from '../lifecycle/shutdown-state';
import { HEALTH_INDICATORS, HealthIndicatorFn } from './health-indicators';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly shutdown: ShutdownState,
    @Optional() @Inject(HEALTH_INDICATORS) private readonly extra: HealthIndicatorFn[] = [],
    @Optional() private readonly replicas?: ReadReplicas,
  ) {}

  @Public()
  @Get()
  @HealthCheck()
  @ApiOperation({
    summary: 'Liveness and dependencies: 200 when the database answers, 503 when it does not',
    description:
      'Public. Lists each dependency: the database, the cache store, and the read replicas (each with its state and lag), whose outages show as degraded with the answer still 200.',
  })
  @ApiServiceUnavailableResponse({ description: 'A required dependency is down' })
  check(): Promise<HealthCheckResult> {
    return this.health.check(this.dependencyChecks());
  }

  @Public()
  @Get('live')
  @HealthCheck()
  @ApiOperation({
    summary: 'Liveness: 200 whenever the process answers; no dependency is checked',
    description: 'Public. For a restart policy: a database outage is not a reason to restart the app.',
  })
  @ApiOkResponse({ description: 'The process answers' })
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  @Public()
  @Get('ready')
  @HealthCheck()
  @ApiOperation({
    summary: 'Readiness: 200 when the app can serve (database and cache checked), 503 while it shuts down or the database is down',
    description: 'Public. For a load balancer: turns 503 as soon as SIGTERM arrives, before the app stops accepting connections.',
  })
  @ApiServiceUnavailableResponse({ description: 'Shutting down, or a required dependency is down' })
  ready(): Promise<HealthCheckResult> {
    if (this.shutdown.shuttingDown) return this.health.check([() => Promise.resolve(this.shuttingDown())]);
    return this.health.check(this.dependencyChecks());
  }

  private dependencyChecks(): Parameters<HealthCheckService['check']>[0] {
    const replicas = this.replicas?.enabled ? [replicaHealthCheck(this.replicas)] : [];
    return [() => this.db.pingCheck('database', { timeout: 2000 }), ...this.extra, ...replicas];
  }

  private shuttingDown(): HealthIndicatorResult {
    return { lifecycle: { status: 'down', message: 'shutting down' } };
  }
}
