import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { UserRole } from '../users/user-role';
import type { AuthUser } from './auth-user';

export const IS_PUBLIC = 'auth:public';
export const ROLES = 'auth:roles';

/** Marks a public operation in the OpenAPI document; finishDocument turns it into `security: []`. */
export const PUBLIC_OPERATION_EXTENSION = 'x-public';

/**
 * The route needs no token (login, health, metrics). The document applies bearer security
 * globally, so the operation is also marked for an empty security requirement there.
 */
export const Public = (): ReturnType<typeof applyDecorators> =>
  applyDecorators(SetMetadata(IS_PUBLIC, true), ApiExtension(PUBLIC_OPERATION_EXTENSION, true));

/** Only these roles may call the route; 403 for others. */
export const Roles = (...roles: UserRole[]) => SetMetadata(ROLES, roles);

export type AuthenticatedRequest = FastifyRequest & { user?: AuthUser };

export const CurrentUser = createParamDecorator((_: unknown, context: ExecutionContext): AuthUser => {
  const user = context.switchToHttp().getRequest<AuthenticatedRequest>().user;
  if (!user) throw new Error('CurrentUser used on a public route');
  return user;
});
