import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { PINO_LOGGER } from './pino-nest-logger';
import { QUIET_PATHS, requestLogLevel } from './pino-params';

/**
 * One JSON line per finished request (LOG_REQUESTS), written from a Fastify onResponse hook:
 * reqId (the X-Request-Id header and the error body's requestId), method, URL, route template,
 * status and response time. No headers are logged, so no credential can leak.
 */
@Injectable()
export class RequestLogHook implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    if (!this.config.logRequests || this.config.logLevel === 'silent') return;
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onResponse', (request, reply, done) => {
      const url = request.url;
      const query = url.indexOf('?');
      if (!QUIET_PATHS.has(query === -1 ? url : url.slice(0, query))) {
        const status = reply.statusCode;
        this.logger[requestLogLevel(status)](
          {
            // Flat fields: pino's req/res serializers expect Node's request and response objects.
            reqId: request.id,
            method: request.method,
            url,
            route: request.routeOptions.url,
            statusCode: status,
            responseTime: Math.round(reply.elapsedTime * 10) / 10,
          },
          'request completed',
        );
      }
      done();
    });
  }
}
