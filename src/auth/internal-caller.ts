import type { JwtService } from '@nestjs/jwt';
import { randomBytes } from 'node:crypto';
import { UserRole } from '../users/user-role';
import type { JwtPayload } from './auth-user';

/**
 * A request the app makes to itself (cache warm-up through fastify.inject) has no user, so no
 * token version to check. Its token carries this process's random nonce instead: it exists
 * only in memory, so a token with it can only come from this process, and such a token never
 * leaves it (inject() does not touch the network).
 */
const PROCESS_NONCE = randomBytes(32).toString('base64url');

/** The subject of internal calls: no such user exists. */
export const INTERNAL_SUBJECT = '00000000-0000-4000-8000-000000000000';

export function signInternalToken(jwt: JwtService, role: UserRole, expiresInSeconds: number): Promise<string> {
  const payload: JwtPayload & { svc: string } = {
    sub: INTERNAL_SUBJECT,
    email: 'internal@localhost',
    role,
    driverId: null,
    ver: 0,
    svc: PROCESS_NONCE,
  };
  return jwt.signAsync(payload, { expiresIn: expiresInSeconds });
}

export function isInternalCaller(svc: unknown): boolean {
  return svc === PROCESS_NONCE;
}
