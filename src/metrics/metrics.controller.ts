import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { PrometheusController } from '@willsoto/nestjs-prometheus';
import type { FastifyReply } from 'fastify';
import type { Registry } from 'prom-client';
import { Public } from '../auth/decorators';
import { METRICS_REGISTRY } from './metrics-registry';

/**
 * GET /metrics in Prometheus' text format. PrometheusModule sets the path; this subclass
 * serves the app's own registry instead of prom-client's global one, and is public because
 * Prometheus scrapes without a token (keep the port off the internet, or filter /metrics at
 * the proxy).
 */
@ApiTags('metrics')
@Controller()
export class MetricsController extends PrometheusController {
  constructor(@Inject(METRICS_REGISTRY) private readonly registry: Registry) {
    super();
  }

  @Public()
  @Get()
  @ApiOperation({
    summary: 'Prometheus metrics: HTTP, response cache, database pool and queries, process',
    description: 'Public, for the Prometheus scrape, outside the /api prefix: keep it off the internet or filter it at the proxy.',
  })
  @ApiProduces('text/plain')
  @ApiOkResponse({
    description: 'Prometheus text exposition format 0.0.4',
    schema: { type: 'string', example: 'http_requests_total{method="GET",route="/api/loads",status="200"} 42' },
  })
  override async index(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    void reply.header('content-type', this.registry.contentType);
    return this.registry.metrics();
  }
}
