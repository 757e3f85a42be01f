import { randomBytes } from 'node:crypto';

/**
 * What every app a bench starts gets unless the bench says otherwise. One JWT secret per bench
 * process (the caller's JWT_SECRET when set), so a token taken from one server works on the
 * next; login limits out of the way, since a load run signs in many users from one address.
 */
const secret = process.env.JWT_SECRET || randomBytes(32).toString('base64url');

export function benchAppEnv(): Record<string, string> {
  return {
    JWT_SECRET: secret,
    RATE_LIMIT_LOGIN_PER_ACCOUNT: '1000000',
    RATE_LIMIT_LOGIN_PER_IP: '1000000',
  };
}
