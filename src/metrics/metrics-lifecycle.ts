import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { instrumentPool, ObservablePool } from './db-metrics';
import { HttpMetrics } from './http-metrics';
import { METRICS_REGISTRY } from './metrics-registry';

/** Hooks the metrics into Fastify and the pg pool once the app's parts exist. */
@Injectable()
export class MetricsLifecycle implements OnModuleInit, OnApplicationShutdown {
  private stopPool?: () => void;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly dataSource: DataSource,
    private readonly http: HttpMetrics,
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
  ) {}

  onModuleInit(): void {
    const http = this.http;
    // onResponse runs after the last byte is handed to the socket, for every request
    // (404s, validation errors and cache hits included). routeOptions.url is the template
    // (/api/loads/:id); it is undefined when no route matched.
    this.adapterHost.httpAdapter.getInstance<FastifyInstance>().addHook('onResponse', (request, reply, done) => {
      http.record(request.method, request.routeOptions.url, reply.statusCode, reply.elapsedTime / 1000);
      done();
    });
    // TypeORM's postgres driver keeps its pg Pool as `master` (typed any upstream).
    const pool = (this.dataSource.driver as unknown as { master: ObservablePool }).master;
    this.stopPool = instrumentPool(pool, this.registry);
  }

  onApplicationShutdown(): void {
    this.stopPool?.();
    this.registry.clear();
  }
}
