import type { RateLimitPolicy } from './rate-limit-policies';

/**
 * Header values of draft-ietf-httpapi-ratelimit-headers (-10, 2025): Structured Field lists
 * whose items are the quoted policy name with parameters. RateLimit-Policy states each quota
 * (q) and window in seconds (w); RateLimit the remaining quota (r) and the seconds until it
 * resets (t).
 */
export function policyHeader(policies: RateLimitPolicy[]): string {
  return policies.map((p) => `"${p.name}";q=${p.limit};w=${p.windowSeconds}`).join(', ');
}

export function rateLimitItem(policy: RateLimitPolicy, remaining: number, resetSeconds: number): string {
  return `"${policy.name}";r=${Math.max(0, remaining)};t=${Math.max(0, resetSeconds)}`;
}

/** A list header may be built one item at a time (one per policy checked). */
export function appendListItem(current: unknown, item: string): string {
  return typeof current === 'string' && current !== '' ? `${current}, ${item}` : item;
}
