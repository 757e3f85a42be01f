import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { FastifyInstance } from 'fastify';
import { signInternalToken } from '../auth/internal-caller';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { UserRole } from '../users/user-role';

/** The shared list routes whose first page is loaded into the cache at start-up. */
export const WARMUP_PATHS = ['/api/loads', '/api/shipments', '/api/drivers', '/api/routes'];

/**
 * Warms the first pages of the shared lists after start-up, in the background: readiness is
 * not held back, and a failure only means the first real request is a miss.
 */
@Injectable()
export class CacheWarmupService implements OnApplicationBootstrap {
  private readonly logger = new Logger('CacheWarmup');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.cache.enabled || !this.config.cache.warmup) return;
    setTimeout(() => void this.warm(), 0).unref();
  }

  async warm(): Promise<number> {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    // Shared routes do not depend on who asks; a short-lived internal token passes the guard.
    const token = await signInternalToken(this.jwt, UserRole.Dispatcher, 60);
    let warmed = 0;
    for (const url of WARMUP_PATHS) {
      try {
        await fastify.ready();
        const response = await fastify.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
        if (response.statusCode === 200) warmed++;
      } catch (error) {
        this.logger.warn(`Warming ${url} failed: ${(error as Error).message}`);
      }
    }
    this.logger.log(`Warmed ${warmed}/${WARMUP_PATHS.length} shared list routes`);
    return warmed;
  }
}
