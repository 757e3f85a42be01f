import { CanActivate, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { GUARDS_METADATA, INTERCEPTORS_METADATA } from '@nestjs/common/constants';
import { ApplicationConfig, HttpAdapterHost } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isObservable, lastValueFrom } from 'rxjs';
import { CACHED_ROUTE, CachedRouteTarget } from './cache-policy.decorator';
import { ResponseCacheInterceptor } from './response-cache.interceptor';

/** A route the fast path serves: what Nest would run before the cache interceptor. */
interface ServedRoute {
  target: CachedRouteTarget;
  guards: CanActivate[];
}

/** A route the fast path serves, or why it leaves the route to Nest. */
type FastRoute = ServedRoute | { skip: string };

/**
 * Serves fresh cache hits from a Fastify preHandler hook, ahead of Nest's router pipeline.
 *
 * On a hit Nest's pipeline was most of what the app added to the bare cost of a Redis GET and
 * a write: the guards consumer, the interceptor chain built of rxjs operators (defer, mergeAll,
 * a ReplaySubject, tap, takeUntil, lastValueFrom) and the response controller, per request
 * (issue 11, BENCHMARKS.md). Here the same guards Nest would run for the route run first, with
 * an ExecutionContext naming the same controller and method, so the token is verified and its
 * state checked on every hit; then the lookup; a fresh hit is sent through Fastify (onSend and
 * onResponse hooks: 304, gzip, security headers, request log and metrics all apply).
 *
 * Anything else goes on to Nest unchanged, where the guards run again and the interceptor does
 * the rest with the lookup made here (no second round trip): a guard that refuses or throws
 * (Nest answers 401/403 through the exception filters), a miss, a stale entry (refreshed while
 * served), a store that failed. A route whose hit Nest would run through anything more than the
 * global guards and this interceptor (a guard or interceptor of its own or of its controller,
 * another global interceptor, a request-scoped global enhancer) is left to Nest entirely.
 */
@Injectable()
export class CacheHitFastPath implements OnModuleInit {
  private readonly logger = new Logger('CacheHitFastPath');
  /** By the route's target, which @CachePolicy puts in its Fastify config. */
  private readonly routes = new WeakMap<CachedRouteTarget, FastRoute>();

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly applicationConfig: ApplicationConfig,
    private readonly interceptor: ResponseCacheInterceptor,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('preHandler', (request, reply, done) => {
      // One read: routeOptions builds a new object on every access.
      const options = request.routeOptions;
      const route = this.routeFor(options.config, options.url);
      if (!route || 'skip' in route || options.url === undefined) return done();
      this.serve(request, reply, route, options.url).then(
        (sent) => {
          if (!sent) done();
        },
        () => done(),
      );
    });
  }

  /** True when the hit was sent; false hands the request on to Nest. */
  private async serve(request: FastifyRequest, reply: FastifyReply, route: ServedRoute, url: string): Promise<boolean> {
    const context = new ExecutionContextHost([request, reply], route.target.controller, route.target.handler);
    context.setType('http');
    for (const guard of route.guards) {
      const result = await guard.canActivate(context);
      if (!(isObservable(result) ? await lastValueFrom(result) : result)) return false;
    }
    return this.interceptor.serveFreshHit(request, reply, route.target.handler, url);
  }

  private routeFor(config: object | undefined, url: string | undefined): FastRoute | null {
    const target = (config as Record<string, unknown> | undefined)?.[CACHED_ROUTE] as CachedRouteTarget | undefined;
    if (!target) return null;
    let route = this.routes.get(target);
    if (!route) {
      route = this.resolve(target);
      if ('skip' in route) this.logger.log(`Hits on ${url} go through Nest's pipeline: ${route.skip}`);
      this.routes.set(target, route);
    }
    return route;
  }

  /** Resolved on a route's first request: by then every global enhancer is registered. */
  private resolve(target: CachedRouteTarget): FastRoute {
    const config = this.applicationConfig;
    const own = (key: string) =>
      [target.controller, target.handler].some((t) => ((Reflect.getMetadata(key, t) as unknown[] | undefined) ?? []).length > 0);
    if (own(GUARDS_METADATA)) return { skip: 'it has guards of its own' };
    if (own(INTERCEPTORS_METADATA)) return { skip: 'it has interceptors of its own' };
    if (config.getGlobalInterceptors().some((i) => i !== this.interceptor)) return { skip: 'another global interceptor runs before the cache' };
    if (config.getGlobalRequestGuards().length > 0 || config.getGlobalRequestInterceptors().length > 0) {
      return { skip: 'a global guard or interceptor is request-scoped' };
    }
    if (config.getGlobalPreRequestHooks().length > 0) return { skip: 'a global pre-request hook is registered' };
    return { target, guards: config.getGlobalGuards() };
  }
}
