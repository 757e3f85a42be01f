import { DynamicModule, Global, Module } from '@nestjs/common';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import type { Registry } from 'prom-client';
import { CACHE_METRICS } from '../cache/cache-metrics';
import { AppConfig } from '../config/app-config';
import { PrometheusCacheMetrics } from './cache-metrics.recorder';
import { PROMETHEUS_POSITION_METRICS } from '../positions/position-metrics';
import { PrometheusPositionMetrics } from './position-metrics.recorder';
import { HttpMetrics } from './http-metrics';
import { MetricsController } from './metrics.controller';
import { MetricsLifecycle } from './metrics-lifecycle';
import { createMetricsRegistry, METRICS_REGISTRY } from './metrics-registry';

/** Served at the root: app.factory excludes it from the /api prefix. */
export const METRICS_PATH = 'metrics';

/**
 * Prometheus metrics (names match docker/prometheus/alerts.yml and the Grafana dashboard).
 * Global so the response cache can inject CACHE_METRICS without importing this module.
 * With METRICS_ENABLED=false it provides nothing: no hooks, no timing, /metrics is a 404.
 */
@Global()
@Module({})
export class MetricsModule {
  static forRoot(config: AppConfig): DynamicModule {
    if (!config.metricsEnabled) return { module: MetricsModule };
    return {
      module: MetricsModule,
      imports: [
        PrometheusModule.register({
          path: `/${METRICS_PATH}`,
          controller: MetricsController,
          // Default metrics go to this app's registry (metrics-registry.ts), not the global one.
          defaultMetrics: { enabled: false },
        }),
      ],
      providers: [
        { provide: METRICS_REGISTRY, useFactory: createMetricsRegistry },
        { provide: HttpMetrics, inject: [METRICS_REGISTRY], useFactory: (registry: Registry) => new HttpMetrics(registry) },
        {
          provide: CACHE_METRICS,
          inject: [METRICS_REGISTRY],
          useFactory: (registry: Registry) => new PrometheusCacheMetrics(registry),
        },
        {
          provide: PROMETHEUS_POSITION_METRICS,
          inject: [METRICS_REGISTRY],
          useFactory: (registry: Registry) => new PrometheusPositionMetrics(registry),
        },
        MetricsLifecycle,
      ],
      exports: [CACHE_METRICS, PROMETHEUS_POSITION_METRICS, METRICS_REGISTRY],
    };
  }
}
