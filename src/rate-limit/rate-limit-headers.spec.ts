import { appendListItem, policyHeader, rateLimitItem } from './rate-limit-headers';
import { rateLimitPolicies } from './rate-limit-policies';

describe('rate limit headers (draft-ietf-httpapi-ratelimit-headers)', () => {
  const [account, ip] = rateLimitPolicies({
    windowSeconds: 60,
    loginPerAccount: 10,
    loginPerIp: 30,
    passwordChangePerAccount: 5,
    passwordChangePerIp: 20,
  });

  it('states each policy as a quoted name with its quota and window', () => {
    expect(policyHeader([account, ip])).toBe('"login-account";q=10;w=60, "login-ip";q=30;w=60');
  });

  it('lists the remaining quota and the reset per policy, never below zero', () => {
    const first = rateLimitItem(account, -1, 42);
    expect(first).toBe('"login-account";r=0;t=42');
    expect(appendListItem(undefined, first)).toBe(first);
    expect(appendListItem(first, rateLimitItem(ip, 20, 42))).toBe('"login-account";r=0;t=42, "login-ip";r=20;t=42');
  });
});
