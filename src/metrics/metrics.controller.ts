import { Controller, Get, Headers, Inject, Res, UnauthorizedException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags, ApiUnauthorizedResponse, getSchemaPath } from '@nestjs/swagger';
import { PrometheusController } from '@willsoto/nestjs-prometheus';
import type { FastifyReply } from 'fastify';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Registry } from 'prom-client';
import { Public } from '../auth/decorators';
import { ErrorResponseDto } from '../common/error-response';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { METRICS_REGISTRY } from './metrics-registry';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * GET /metrics in Prometheus' text format. PrometheusModule sets the path; this subclass
 * serves the app's own registry instead of prom-client's global one. It needs no user JWT:
 * with METRICS_TOKEN set it needs that static bearer token (Prometheus' `authorization`
 * setting); without it, it is open (keep the port off the internet, or filter /metrics at the
 * proxy).
 */
@ApiTags('metrics')
@Controller()
export class MetricsController extends PrometheusController {
  private readonly expected: Buffer | undefined;

  constructor(
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    super();
    // Compared as digests: equal lengths for timingSafeEqual, and nothing learnt from timing.
    this.expected = config.metricsToken === undefined ? undefined : digest(`Bearer ${config.metricsToken}`);
  }

  @Public()
  @Get()
  @ApiOperation({
    summary: 'Prometheus metrics: HTTP, response cache, database pool and queries, process',
    description:
      'For the Prometheus scrape, outside the /api prefix. Needs `Authorization: Bearer <METRICS_TOKEN>` when the server sets METRICS_TOKEN (401 otherwise); open when it does not.',
  })
  @ApiProduces('text/plain')
  // Spelt out: @ApiProduces would otherwise document the error as text/plain too.
  @ApiUnauthorizedResponse({
    description: 'METRICS_TOKEN is set and the request does not carry it as a bearer token',
    content: { 'application/json': { schema: { $ref: getSchemaPath(ErrorResponseDto) } } },
  })
  @ApiOkResponse({
    description: 'Prometheus text exposition format 0.0.4',
    schema: { type: 'string', example: 'http_requests_total{method="GET",route="/api/loads",status="200"} 42' },
  })
  override async index(@Res({ passthrough: true }) reply: FastifyReply, @Headers('authorization') authorization?: string): Promise<string> {
    if (this.expected && !(typeof authorization === 'string' && timingSafeEqual(digest(authorization), this.expected))) {
      throw new UnauthorizedException('GET /metrics needs the metrics bearer token');
    }
    void reply.header('content-type', this.registry.contentType);
    return this.registry.metrics();
  }
}
