import { CallHandler, ExecutionContext, HttpException, Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { CACHE_MANAGER, CacheInterceptor } from '@nestjs/cache-manager';
import { Reflector } from '@nestjs/core';
import type { Cache } from 'cache-manager';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { lastValueFrom, Observable, of } from 'rxjs';
import type { AuthUser } from '../auth/auth-user';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { ReadReplicas } from '../database/replicas/read-replicas';
import { ReadTarget, runOnPrimary, runWithReadTarget } from '../database/replicas/read-target';
import { buildCacheKey } from './cache-key';
import { CollectionDependency, dependencyKey, QueryDependencies, RawQuery, RouteDependency } from './cache-dependency';
import { CACHE_POLICY, CachePolicyOptions } from './cache-policy.decorator';
import { CACHE_METRICS, CacheMetrics, CacheOutcome } from './cache-metrics';
import { buildCachedResponse, CachedResponse } from './cached-response';
import { requiredWalPosition } from './stores/generation-lsn';
import { Lookup, RESPONSE_STORE, ResponseStore } from './stores/response-store';
import { acceptsGzip } from '../common/compression';

type CacheableRequest = FastifyRequest & { user?: AuthUser };

/** A route's policy, resolved once per handler: dependency templates compiled for speed. */
interface ResolvedPolicy {
  /** How long an entry is fresh. */
  freshMs: number;
  /** How long it is kept: past freshMs it is served while one request refreshes it. */
  retainMs: number;
  scope: CachePolicyOptions['scope'];
  dependencies: Array<(request: CacheableRequest) => string[]>;
  /** Bounded routes with read replicas: how far behind the primary a replica their fills read may be. */
  replicaLagMs?: number;
}

interface Produced {
  entry: CachedResponse | null;
  /** Whether the store kept it (false: a write moved a dependency meanwhile, or Redis failed). */
  stored?: boolean;
  /** A non-cacheable result (not a JSON body) passed through as the handler gave it. */
  passthrough?: unknown;
}

/**
 * What the hit fast path (cache-hit-fast-path.ts) looked up for a request it then handed on to
 * Nest (a miss, a stale entry, a failed store): intercept() uses it instead of asking again.
 */
/** A request's entry key and the dependencies it is checked against (shared: never mutated). */
interface RequestKey {
  key: string;
  dependencies: string[];
}

interface Prefetched extends RequestKey {
  /** null: the store failed or timed out (the request bypasses it). */
  lookup: Lookup | null;
}

const JSON_TYPE = 'application/json; charset=utf-8';
/** Cache keys remembered by URL (a few MB at most). */
const MAX_REMEMBERED_KEYS = 10_000;
const MAX_REMEMBERED_URL = 512;
const MAX_REMEMBERED_DEPENDENCIES = 48;
/**
 * The most dependencies one request may be checked against. The largest legitimate one is a
 * load list of all five statuses with a cursor and createdFrom: 5 x 42 hour ranges.
 */
export const MAX_DEPENDENCIES = 256;
const PRIVATE_REVALIDATE = 'private, no-cache';

/** The matched route template (/api/loads/:id), or the path when none matched. */
function routeOf(request: CacheableRequest): string {
  return request.routeOptions.url ?? request.url.split('?')[0];
}

/**
 * A route's dependencies as a function of the request. A parameter the route does not have is
 * a programming error, reported when the route is first resolved rather than caching under "".
 */
function compileDependency(dependency: RouteDependency, route: string): (request: CacheableRequest) => string[] {
  if (dependency instanceof CollectionDependency) {
    const key = [dependency.key];
    return () => key;
  }
  if (dependency instanceof QueryDependencies) return (request) => dependency.resolve(request.query as RawQuery);
  const family = dependency.family;
  if (dependency.from === 'caller') return (request) => [dependencyKey(family, request.user?.id ?? 'anonymous')];
  const param = dependency.param;
  if (!route.split('/').includes(`:${param}`)) throw new Error(`@CachePolicy on ${route}: the route has no :${param} parameter`);
  return (request) => [dependencyKey(family, (request.params as Record<string, string>)[param])];
}

/** With read replicas, the share of a bounded route's maxAge that a replica's lag may take. */
const BOUNDED_REPLICA_LAG_SHARE = 1 / 4;

function resolvePolicy(options: CachePolicyOptions, route: string, replicas: boolean): ResolvedPolicy {
  if (options.freshness === 'bounded') {
    // Never older than maxAge: what a fill reads is at most replicaLagMs behind (0 on the
    // primary); the entry is fresh for half of the rest and served while refreshed for the other half.
    const maxAgeMs = options.maxAgeSeconds * 1000;
    const replicaLagMs = replicas ? maxAgeMs * BOUNDED_REPLICA_LAG_SHARE : undefined;
    const halfMs = (maxAgeMs - (replicaLagMs ?? 0)) / 2;
    return { freshMs: halfMs, retainMs: 2 * halfMs, scope: options.scope, dependencies: [], replicaLagMs };
  }
  const ttlMs = options.ttlSeconds * 1000;
  return { freshMs: ttlMs, retainMs: 2 * ttlMs, scope: options.scope, dependencies: options.dependsOn.map((d) => compileDependency(d, route)) };
}

/**
 * The response cache. It subclasses @nestjs/cache-manager's CacheInterceptor, as the design
 * names, but keeps only its request filter (isRequestCacheable with allowedMethods): entries
 * are finished bytes checked against their dependencies' generations in one script call,
 * which neither the base class's key hook nor its Keyv CACHE_MANAGER can express, so that
 * manager (in process, never used) exists only because the base constructor requires it.
 * A hit runs no handler, database query, JSON serialisation or compression.
 */
@Injectable()
export class ResponseCacheInterceptor extends CacheInterceptor {
  private readonly logger = new Logger('ResponseCache');
  private readonly policies = new WeakMap<object, ResolvedPolicy | null>();
  private readonly inFlight = new Map<string, Promise<Produced>>();
  /** Keys whose stale entry one request is refreshing (stale-while-revalidate). */
  private readonly refreshing = new Set<string>();
  private readonly prefetched = new WeakMap<object, Prefetched>();
  private readonly keys = new Map<string, RequestKey>();
  protected override allowedMethods = ['GET', 'HEAD'];

  constructor(
    @Inject(CACHE_MANAGER) cacheManager: Cache,
    reflector: Reflector,
    @Inject(RESPONSE_STORE) private readonly store: ResponseStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() @Inject(CACHE_METRICS) private readonly metrics?: CacheMetrics,
    @Optional() private readonly replicas?: ReadReplicas,
  ) {
    super(cacheManager, reflector);
  }

  /**
   * The hit fast path: called from a Fastify preHandler hook once the route's guards have let
   * the request through, with the route's handler and template. Sends a fresh hit at once and answers true;
   * otherwise keeps what it looked up for intercept() and answers false (Nest then runs the
   * request as usual: guards, this interceptor, the handler).
   */
  async serveFreshHit(request: CacheableRequest, reply: FastifyReply, handler: object, route: string): Promise<boolean> {
    const policy = this.policyForHandler(handler, request);
    if (!policy || !this.allowedMethods.includes(request.method) || !this.config.cache.enabled || !this.store.isReady()) return false;
    const known = this.keyFor(request, policy, route);
    if (!known) return false;
    const { key, dependencies } = known;
    let lookup: Lookup | null = null;
    try {
      lookup = await this.store.lookup(key, dependencies);
    } catch {
      // Left to intercept(), which answers BYPASS without asking the store again.
    }
    if (lookup?.entry && lookup.entry.expiresAt > Date.now()) {
      this.count(route, 'hit');
      void reply.send(this.send(request, reply, policy, key, lookup.entry, 'HIT'));
      return true;
    }
    this.prefetched.set(request, { key, dependencies, lookup });
    return false;
  }

  override async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const request = http.getRequest<CacheableRequest>();
    const policy = this.policyForHandler(context.getHandler(), request);
    if (!policy || !this.isRequestCacheable(context)) return next.handle();

    const reply = http.getResponse<FastifyReply>();
    const route = routeOf(request);
    const prefetched = this.prefetched.get(request);
    if (prefetched) this.prefetched.delete(request);
    if (!this.config.cache.enabled || !this.store.isReady() || prefetched?.lookup === null) {
      return this.bypass(route, reply, next);
    }

    const known = prefetched ?? this.keyFor(request, policy, route);
    // Not a request the cache may take on (its query names too many dependencies): the handler
    // answers, which for such input is a 400.
    if (!known) return next.handle();
    const { key, dependencies } = known;
    let lookup: Lookup;
    try {
      lookup = prefetched?.lookup ?? (await this.store.lookup(key, dependencies));
    } catch {
      return this.bypass(route, reply, next);
    }
    if (lookup.entry) {
      this.count(route, 'hit');
      if (lookup.entry.expiresAt <= Date.now()) this.refreshInBackground(key, policy, dependencies, next);
      return of(this.send(request, reply, policy, key, lookup.entry, 'HIT'));
    }

    // Counted once the handler has answered: a 4xx or 5xx (it throws) is not a cacheable
    // response, so a 404 storm must not read as a falling hit rate (CacheHitRateLow).
    const produced = await this.produce(key, policy, dependencies, lookup.generations, next);
    this.count(route, 'miss');
    if (!produced.entry) return of(produced.passthrough);
    return of(this.send(request, reply, policy, key, produced.entry, produced.stored ? 'MISS' : 'MISS-UNSTORED'));
  }

  /**
   * Stale-while-revalidate: the caller already has the stale entry (still valid: its
   * dependencies have not moved); one request per key and instance refreshes it. When the
   * database is down the refresh fails quietly and the entry keeps reads answering until it
   * is no longer kept.
   */
  private refreshInBackground(key: string, policy: ResolvedPolicy, dependencies: string[], next: CallHandler): void {
    if (this.refreshing.has(key)) return;
    this.refreshing.add(key);
    const refresh = async () => this.runAndStore(key, policy, dependencies, await this.store.generations(dependencies), next);
    refresh()
      .catch((error: Error) => this.logger.debug?.(`Refresh of ${key} failed: ${error.message}`))
      .finally(() => this.refreshing.delete(key));
  }

  /**
   * The key (prefix, the first dependency's hash tag: its slot on a Redis Cluster, version,
   * route template, scope, hash of the normalised query) and the dependencies. Both are
   * functions of the route, the caller and the raw URL (params and query are parsed from it), so
   * they are remembered by those: normalising, hashing and resolving on every hit cost ~3% of
   * its CPU, more for a page 2's hour ranges.
   */
  private keyFor(request: CacheableRequest, policy: ResolvedPolicy, route: string): RequestKey | null {
    const userId = request.user?.id;
    const memo = `${route}\n${userId ?? ''}\n${request.url}`;
    let known = this.keys.get(memo);
    if (known === undefined) {
      // Resolved from the raw query, before validation: junk with thousands of values must not
      // become thousands of generations to read and make, so past a bound the cache stays out.
      const dependencies = policy.dependencies.flatMap((dependency) => dependency(request));
      if (dependencies.length > MAX_DEPENDENCIES) return null;
      const key = buildCacheKey({
        prefix: this.config.cache.keyPrefix,
        route,
        scope: policy.scope,
        userId,
        params: request.params as Record<string, string> | undefined,
        query: request.query as Record<string, string | string[]> | undefined,
        dependency: dependencies[0],
      });
      known = { key, dependencies };
      // Only short requests are remembered (the memo's memory stays a few MB); a full memo
      // starts over without bookkeeping: it only saves work.
      if (request.url.length <= MAX_REMEMBERED_URL && dependencies.length <= MAX_REMEMBERED_DEPENDENCIES) {
        if (this.keys.size >= MAX_REMEMBERED_KEYS) this.keys.clear();
        this.keys.set(memo, known);
      }
    }
    return known;
  }

  /**
   * Single flight: concurrent misses on one key run the handler once in this instance. Only
   * misses that saw the same generations share a run: a run started before a write may have
   * read the old rows, and a request that arrives after the write's response (so after its
   * generation moved) must not be handed that result (test/cache-faults.e2e-spec.ts, the
   * slow-database case).
   */
  private produce(key: string, policy: ResolvedPolicy, dependencies: string[], generations: string[], next: CallHandler): Promise<Produced> {
    const flight = `${key}\n${generations.join(',')}`;
    const running = this.inFlight.get(flight);
    if (running) return running;
    const work = this.runAndStore(key, policy, dependencies, generations, next).finally(() => this.inFlight.delete(flight));
    this.inFlight.set(flight, work);
    return work;
  }

  /**
   * The generations came with the miss, read before the handler touches the database: a write
   * that commits meanwhile moves one, and the store then refuses this (possibly old) result.
   */
  private async runAndStore(
    key: string,
    policy: ResolvedPolicy,
    dependencies: string[],
    generations: string[],
    next: CallHandler,
  ): Promise<Produced> {
    const result = await this.runHandler(policy, generations, next);
    if (result === undefined || Buffer.isBuffer(result) || typeof result !== 'object' || result === null) {
      return { entry: null, passthrough: result };
    }
    const entry = buildCachedResponse(Buffer.from(JSON.stringify(result)), policy.freshMs);
    let stored = false;
    try {
      stored = await this.store.store(key, entry, policy.retainMs, dependencies, generations);
    } catch (error) {
      this.logger.debug?.(`Not stored ${key}: ${(error as Error).message}`);
    }
    return { entry, stored };
  }

  /**
   * The handler of a fill. Its reads go to the primary unless read replicas are configured and
   * one qualifies (database/replicas): for an exact route, one that has replayed past the
   * highest WAL position among the generations this fill will be stored under, so it holds
   * every write whose invalidation made them, and a fill can never store older data under a
   * newer generation; for a bounded route, one within the route's share of lag. Writes,
   * transactions and locks take the primary whatever the scope. Every other read (a bypass, an
   * uncached route) runs outside any scope, on the primary.
   */
  private async runHandler(policy: ResolvedPolicy, generations: string[], next: CallHandler): Promise<unknown> {
    const run = (): Promise<unknown> => lastValueFrom(next.handle(), { defaultValue: undefined });
    if (!this.replicas?.enabled) return run();
    const target: ReadTarget =
      policy.replicaLagMs !== undefined
        ? { kind: 'bounded', maxLagMs: policy.replicaLagMs }
        : { kind: 'fill', minLsn: requiredWalPosition(generations) };
    return runWithReadTarget(target, async (scope) => {
      try {
        return await run();
      } catch (error) {
        // A replica that went away mid-read (stopped, restarted): once more, on the primary.
        // An HTTP error (404, 403) is the answer itself and is not retried.
        if (!scope.usedReplica || error instanceof HttpException) throw error;
        this.logger.debug?.(`A fill's replica read failed (${(error as Error).message}); retried on the primary`);
        return runOnPrimary(run);
      }
    });
  }

  private send(
    request: CacheableRequest,
    reply: FastifyReply,
    policy: ResolvedPolicy,
    key: string,
    entry: CachedResponse,
    outcome: 'HIT' | 'MISS' | 'MISS-UNSTORED',
  ): Buffer {
    const ttl = Math.floor((entry.expiresAt - Date.now()) / 1000);
    reply.header('content-type', JSON_TYPE);
    reply.header('x-cache', outcome === 'HIT' ? 'HIT' : 'MISS');
    // RFC 9211. A negative ttl is a stale entry, still valid, served while it is refreshed.
    reply.header('cache-status', outcome === 'HIT' ? `freight; hit; ttl=${ttl}` : `freight; fwd=miss${outcome === 'MISS' ? '; stored' : ''}`);
    reply.header('x-cache-key', key);
    reply.header('etag', entry.etag);
    // Every cached route needs a bearer token, so no answer may be `public` (RFC 9111 3.5: a
    // CDN or proxy would hand it to callers without one). no-cache: the client revalidates on
    // each use with If-None-Match and gets a cheap 304, never data older than the last write.
    reply.header('cache-control', PRIVATE_REVALIDATE);
    reply.header('vary', policy.scope === 'user' ? 'Authorization, Accept-Encoding' : 'Accept-Encoding');
    if (entry.gzip && acceptsGzip(request.headers['accept-encoding'])) {
      reply.header('content-encoding', 'gzip');
      return entry.gzip;
    }
    return entry.body;
  }

  private bypass(route: string, reply: FastifyReply, next: CallHandler): Observable<unknown> {
    this.count(route, 'bypass');
    reply.header('x-cache', 'BYPASS');
    reply.header('cache-status', 'freight; fwd=bypass');
    reply.header('cache-control', PRIVATE_REVALIDATE);
    return next.handle();
  }

  private count(route: string, outcome: CacheOutcome): void {
    this.metrics?.record(route, outcome);
  }

  /** The route's policy by its controller method (the handler Nest's context names). */
  private policyForHandler(handler: object, request: CacheableRequest): ResolvedPolicy | null {
    let policy = this.policies.get(handler);
    if (policy === undefined) {
      const options = this.reflector.get<CachePolicyOptions | undefined>(CACHE_POLICY, handler as () => unknown);
      policy = options ? resolvePolicy(options, routeOf(request), this.replicas?.enabled ?? false) : null;
      this.policies.set(handler, policy);
    }
    return policy;
  }
}
