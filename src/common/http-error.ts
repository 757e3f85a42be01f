import { HttpException, HttpStatus } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { ErrorResponseDto, FieldErrorDto } from './error-response';
import { databaseUnavailability, PostgresErrorCode, postgresErrorCode } from './postgres-error';

export interface MappedError {
  status: number;
  message: string;
  details?: FieldErrorDto[];
  /** How many details a bounded validation error left out. */
  detailsOmitted?: number;
  /** True when the error is ours (a bug or an outage), worth an error log. */
  unexpected: boolean;
  /** Sent as Retry-After (seconds) with a 503 the client may simply retry. */
  retryAfterSeconds?: number;
  /** A one-line warning for the log (a dependency failed; no stack trace needed). */
  warning?: string;
}

interface FastifyLikeError {
  statusCode?: number;
  code?: string;
  message?: string;
}

// PostgreSQL error codes that a client's input can cause.
const PG_CLIENT_ERRORS: Record<string, { status: number; message: string }> = {
  [PostgresErrorCode.UniqueViolation]: { status: HttpStatus.CONFLICT, message: 'A record with the same unique value already exists' },
  [PostgresErrorCode.ForeignKeyViolation]: { status: HttpStatus.CONFLICT, message: 'The record is referenced by, or refers to, a missing record' },
  [PostgresErrorCode.InvalidTextRepresentation]: { status: HttpStatus.BAD_REQUEST, message: 'A value has an invalid format' },
  [PostgresErrorCode.NumericValueOutOfRange]: { status: HttpStatus.BAD_REQUEST, message: 'A numeric value is out of range' },
  [PostgresErrorCode.StringDataRightTruncation]: { status: HttpStatus.BAD_REQUEST, message: 'A value is too long' },
  [PostgresErrorCode.InvalidDatetimeFormat]: { status: HttpStatus.BAD_REQUEST, message: 'A date/time value is invalid' },
  [PostgresErrorCode.DatetimeFieldOverflow]: { status: HttpStatus.BAD_REQUEST, message: 'A date/time value is out of range' },
};

/** Maps anything thrown while serving a request to a status and a message safe to show. */
export function mapError(error: unknown): MappedError {
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    let message = error.message;
    let details: FieldErrorDto[] | undefined;
    let detailsOmitted: number | undefined;
    if (typeof response === 'object' && response !== null) {
      const body = response as { message?: unknown; details?: FieldErrorDto[]; detailsOmitted?: number };
      if (Array.isArray(body.message)) message = body.message.join('; ');
      else if (typeof body.message === 'string') message = body.message;
      details = body.details;
      detailsOmitted = body.detailsOmitted;
    } else if (typeof response === 'string') {
      message = response;
    }
    return { status, message, details, ...(detailsOmitted ? { detailsOmitted } : {}), unexpected: status >= 500 };
  }
  const code = postgresErrorCode(error);
  const known = code ? PG_CLIENT_ERRORS[code] : undefined;
  if (known) return { ...known, unexpected: false };
  const unavailability = databaseUnavailability(error);
  if (unavailability) {
    const busy = unavailability === 'busy';
    return {
      status: HttpStatus.SERVICE_UNAVAILABLE,
      message: busy ? 'The database is busy; retry shortly' : 'The database is unavailable; retry shortly',
      // A timed-out wait may clear at once; a restart takes a few seconds.
      retryAfterSeconds: busy ? 1 : 5,
      warning: `database ${unavailability}: ${error instanceof Error ? error.message : String(error)}`,
      unexpected: false,
    };
  }
  const fastify = error as FastifyLikeError;
  if (typeof fastify?.statusCode === 'number' && fastify.statusCode >= 400 && fastify.statusCode < 500) {
    const message =
      fastify.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || /JSON/.test(fastify.message ?? '')
        ? 'Malformed JSON in request body'
        : fastify.message || STATUS_CODES[fastify.statusCode] || 'Bad request';
    return { status: fastify.statusCode, message, unexpected: false };
  }
  return { status: HttpStatus.INTERNAL_SERVER_ERROR, message: 'Internal server error', unexpected: true };
}

export function errorBody(mapped: MappedError, path: string, requestId: string | undefined): ErrorResponseDto {
  return {
    statusCode: mapped.status,
    error: STATUS_CODES[mapped.status] ?? 'Error',
    message: mapped.message,
    ...(mapped.details ? { details: mapped.details } : {}),
    ...(mapped.detailsOmitted ? { detailsOmitted: mapped.detailsOmitted } : {}),
    path,
    ...(requestId ? { requestId } : {}),
    timestamp: new Date().toISOString(),
  };
}
