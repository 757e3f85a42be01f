import { Logger } from '@nestjs/common';
import type { FastifyHttpOptions } from 'fastify';
import type { Server } from 'node:http';
import { sendError } from './all-exceptions.filter';

// A path parameter as long as Node lets a URL be (its 16 KB header limit): an over-long id is then
// a malformed id, answered 400 naming the field by the UUID pipe, instead of an undocumented 414.
const MAX_PARAM_LENGTH = 16 * 1024;

/**
 * The router refuses a malformed URL (bad percent-encoding in a parameter) before any hook or
 * exception filter runs, in Fastify's own body; these answer in the one documented error shape.
 */
export function routerErrorOptions(): Pick<FastifyHttpOptions<Server>, 'frameworkErrors' | 'routerOptions'> {
  const logger = new Logger('HttpError');
  return {
    frameworkErrors: (error, request, reply) => sendError(error, request, reply, logger),
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
  };
}
