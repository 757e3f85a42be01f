import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { UserRole } from '../users/user.entity';
import type { JwtPayload } from './auth-user';
import { AuthenticatedRequest, IS_PUBLIC, ROLES } from './decorators';
import { VerifiedTokens } from './verified-tokens';

const ROLE_VALUES = new Set<string>(Object.values(UserRole));

/**
 * Global guard: every route needs a valid bearer token unless marked @Public(),
 * and routes marked @Roles() need one of those roles.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly verified = new VerifiedTokens();
  /** Each handler's @Public/@Roles, read once instead of on every request. */
  private readonly rules = new WeakMap<object, { isPublic: boolean; roles: UserRole[] | undefined }>();

  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
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
      try {
        payload = await this.jwt.verifyAsync<JwtPayload & { exp?: number }>(token);
      } catch {
        throw new UnauthorizedException('The token is invalid or has expired');
      }
      if (typeof payload.sub !== 'string' || !ROLE_VALUES.has(payload.role)) {
        throw new UnauthorizedException('The token is invalid or has expired');
      }
      this.verified.remember(token, payload);
    }
    request.user = { id: payload.sub, email: payload.email, role: payload.role, driverId: payload.driverId ?? null };

    if (rules.roles && !rules.roles.includes(payload.role)) {
      throw new ForbiddenException(`This action needs one of the roles: ${rules.roles.join(', ')}`);
    }
    return true;
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
