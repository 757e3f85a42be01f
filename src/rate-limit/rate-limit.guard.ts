import { Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerException,
  ThrottlerGuard,
  type ThrottlerModuleOptions,
  type ThrottlerRequest,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthUser } from '../auth/auth-user';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { appendListItem, policyHeader, rateLimitItem } from './rate-limit-headers';
import { RateLimitedOperation, RateLimitPolicy, rateLimitPolicies } from './rate-limit-policies';

export const RATE_LIMITED_OPERATION = 'rate-limit:operation';

type RateLimitedRequest = FastifyRequest & { user?: AuthUser; body?: unknown };

function field(body: unknown, name: string): unknown {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
}

/**
 * @nestjs/throttler's guard, with this API's partitions and headers. Each route names its
 * operation (@RateLimited); the throttlers of that operation count it, per account (the
 * email a login names, the caller of a password change) and per client IP. Every answer
 * carries RateLimit-Policy and RateLimit (draft-ietf-httpapi-ratelimit-headers); a 429 also
 * Retry-After, in the ErrorResponse shape. Runs after the global AuthGuard, so a password
 * change is counted against the authenticated user.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  private readonly policies: Map<string, RateLimitPolicy>;

  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    super(options, storage, reflector);
    this.policies = new Map(rateLimitPolicies(config.rateLimit).map((policy) => [policy.name, policy]));
  }

  protected override async handleRequest(props: ThrottlerRequest): Promise<boolean> {
    const { context } = props;
    const operation = this.reflector.get<RateLimitedOperation | undefined>(RATE_LIMITED_OPERATION, context.getHandler());
    const policy = this.policies.get(props.throttler.name ?? '');
    if (!policy || policy.operation !== operation) return true;
    const http = context.switchToHttp();
    const request = http.getRequest<RateLimitedRequest>();
    const reply = http.getResponse<FastifyReply>();
    // PATCH /profile changes a name or phone too: only a password attempt counts.
    if (operation === 'password-change' && field(request.body, 'currentPassword') === undefined) return true;

    const tracker = policy.partition === 'ip' ? await this.getTracker(request) : this.accountOf(operation, request);
    const key = this.generateKey(context, tracker, policy.name);
    const record = await this.storageService.increment(key, props.ttl, props.limit, props.blockDuration, policy.name);

    const sameOperation = [...this.policies.values()].filter((p) => p.operation === operation);
    void reply.header('ratelimit-policy', policyHeader(sameOperation));
    void reply.header(
      'ratelimit',
      appendListItem(reply.getHeader('ratelimit'), rateLimitItem(policy, policy.limit - record.totalHits, record.timeToExpire)),
    );
    if (record.isBlocked) {
      void reply.header('retry-after', String(record.timeToBlockExpire));
      const what = operation === 'login' ? 'login attempts' : 'password change attempts';
      const whose = policy.partition === 'ip' ? 'from this address' : 'for this account';
      throw new ThrottlerException(`Too many ${what} ${whose}: try again in ${record.timeToBlockExpire} s`);
    }
    return true;
  }

  /** The account a request is about: the login's email as the service matches it, or the caller. */
  private accountOf(operation: RateLimitedOperation | undefined, request: RateLimitedRequest): string {
    if (operation === 'password-change') return `user:${request.user?.id ?? ''}`;
    const email = field(request.body, 'email');
    return `email:${typeof email === 'string' ? email.trim().toLowerCase() : ''}`;
  }
}
