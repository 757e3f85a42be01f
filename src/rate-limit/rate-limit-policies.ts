import type { RateLimitConfig } from '../config/app-config';

/** The operations behind a rate limit. */
export type RateLimitedOperation = 'login' | 'password-change';

/** Who a policy counts: the account the request names, or the client's address. */
export type RateLimitPartition = 'account' | 'ip';

/** One limit: a ThrottlerModule throttler of the same name, and a RateLimit-Policy item. */
export interface RateLimitPolicy {
  /** "login-account", "password-change-ip"...: the throttler name and the header's policy id. */
  name: string;
  operation: RateLimitedOperation;
  partition: RateLimitPartition;
  limit: number;
  windowSeconds: number;
}

export function rateLimitPolicies(config: RateLimitConfig): RateLimitPolicy[] {
  const policy = (operation: RateLimitedOperation, partition: RateLimitPartition, limit: number): RateLimitPolicy => ({
    name: `${operation}-${partition}`,
    operation,
    partition,
    limit,
    windowSeconds: config.windowSeconds,
  });
  return [
    policy('login', 'account', config.loginPerAccount),
    policy('login', 'ip', config.loginPerIp),
    policy('password-change', 'account', config.passwordChangePerAccount),
    policy('password-change', 'ip', config.passwordChangePerIp),
  ];
}
