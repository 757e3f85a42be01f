import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { errorBody, mapError } from './http-error';

/** Every error leaves in the one documented shape (ErrorResponseDto). */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    sendError(exception, request, reply, this.logger);
  }
}

export function sendError(exception: unknown, request: FastifyRequest, reply: FastifyReply, logger: Logger): void {
  const mapped = mapError(exception);
  if (mapped.unexpected) {
    logger.error(
      `${request.method} ${request.url} failed (request ${String(request.id)})`,
      exception instanceof Error ? exception.stack : String(exception),
    );
  }
  if (mapped.warning) logger.warn(`${request.method} ${request.url} answered ${mapped.status} (request ${String(request.id)}): ${mapped.warning}`);
  if (reply.sent) return;
  const path = request.url.split('?')[0];
  if (mapped.retryAfterSeconds !== undefined) void reply.header('retry-after', String(mapped.retryAfterSeconds));
  void reply
    .status(mapped.status)
    .header('content-type', 'application/json; charset=utf-8')
    .send(JSON.stringify(errorBody(mapped, path, String(request.id))));
}
