import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { UserRole } from '../users/user-role';
import type { JwtPayload } from './auth-user';
import { AuthenticatedRequest, IS_PUBLIC, ROLES } from './decorators';
import { isInternalCaller } from './internal-caller';
import { UserTokenStates } from './user-token-states';
import { VerifiedTokens } from './verified-tokens';

const ROLE_VALUES = new Set<string>(Object.values(UserRole));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Global guard: every route needs a valid bearer token unless marked @Public(),
 * and routes marked @Roles() need one of those roles. A valid token must also still match
 * its user's token version and role (UserTokenStates): a password change, role change or
 * deletion revokes it within a bound, with no database round trip per request.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly verified = new VerifiedTokens();
  /** Each handler's @Public/@Roles, read once instead of on every request. */
  private readonly rules = new WeakMap<object, { isPublic: boolean; roles: UserRole[] | undefined }>();

  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly states: UserTokenStates,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rules = this.rulesFor(context);
    if (rules.isPublic) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw new UnauthorizedException('A bearer token is required');

    const token = match[1];
    let payload = this.verified.get(token, Date.now());
    if (!payload) {
      payload = await this.verify(token);
      this.verified.remember(token, payload);
    }
    if (!isInternalCaller(payload.svc)) {
      // In process: one database read per user per TTL, never one per request.
      const known = this.states.peek(payload.sub);
      const state = known !== undefined ? known : await this.states.get(payload.sub);
      if (!state || state.version !== payload.ver || state.role !== payload.role) {
        throw new UnauthorizedException('The token is no longer valid (account changed or removed): log in again');
      }
    }
    request.user = { id: payload.sub, email: payload.email, role: payload.role, driverId: payload.driverId ?? null };

    if (rules.roles && !rules.roles.includes(payload.role)) {
      throw new ForbiddenException(`This action needs one of the roles: ${rules.roles.join(', ')}`);
    }
    return true;
  }

  /**
   * The signature and expiry (jsonwebtoken), then the claims this API relies on: a token with no
   * exp would never expire, and one with no version could not be revoked.
   */
  private async verify(token: string): Promise<JwtPayload> {
    let payload: Partial<Record<keyof JwtPayload, unknown>>;
    try {
      payload = await this.jwt.verifyAsync<Partial<Record<keyof JwtPayload, unknown>>>(token);
    } catch {
      throw new UnauthorizedException('The token is invalid or has expired');
    }
    const { sub, email, role, driverId, ver, exp, svc } = payload;
    const valid =
      typeof sub === 'string' &&
      UUID.test(sub) &&
      typeof email === 'string' &&
      typeof role === 'string' &&
      ROLE_VALUES.has(role) &&
      (driverId === null || driverId === undefined || typeof driverId === 'string') &&
      Number.isSafeInteger(ver) &&
      typeof exp === 'number';
    if (!valid) throw new UnauthorizedException('The token is invalid or has expired');
    return {
      sub,
      email,
      role: role as UserRole,
      driverId: driverId ?? null,
      ver: ver as number,
      exp,
      svc: typeof svc === 'string' ? svc : undefined,
    };
  }

  private rulesFor(context: ExecutionContext): { isPublic: boolean; roles: UserRole[] | undefined } {
    const handler = context.getHandler();
    let rules = this.rules.get(handler);
    if (!rules) {
      const targets = [handler, context.getClass()];
      rules = {
        isPublic: this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets) === true,
        roles: this.reflector.getAllAndOverride<UserRole[] | undefined>(ROLES, targets),
      };
      this.rules.set(handler, rules);
    }
    return rules;
  }
}
