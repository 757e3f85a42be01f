import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { UserRole } from '../users/user.entity';
import type { JwtPayload } from './auth-user';
import { AuthenticatedRequest, IS_PUBLIC, ROLES } from './decorators';

const ROLE_VALUES = new Set<string>(Object.values(UserRole));

/**
 * Global guard: every route needs a valid bearer token unless marked @Public(),
 * and routes marked @Roles() need one of those roles.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw new UnauthorizedException('A bearer token is required');

    let payload: JwtPayload;
    try {
      payload = await this.jwt.verifyAsync<JwtPayload>(match[1]);
    } catch {
      throw new UnauthorizedException('The token is invalid or has expired');
    }
    if (typeof payload.sub !== 'string' || !ROLE_VALUES.has(payload.role)) {
      throw new UnauthorizedException('The token is invalid or has expired');
    }
    request.user = { id: payload.sub, email: payload.email, role: payload.role, driverId: payload.driverId ?? null };

    const roles = this.reflector.getAllAndOverride<UserRole[] | undefined>(ROLES, targets);
    if (roles && !roles.includes(payload.role)) {
      throw new ForbiddenException(`This action needs one of the roles: ${roles.join(', ')}`);
    }
    return true;
  }
}
