import { QueryFailedError } from 'typeorm';

/** The SQLSTATE codes the app tells apart (https://www.postgresql.org/docs/current/errcodes-appendix.html). */
export const PostgresErrorCode = {
  UniqueViolation: '23505',
  ForeignKeyViolation: '23503',
  InvalidTextRepresentation: '22P02',
  NumericValueOutOfRange: '22003',
  StringDataRightTruncation: '22001',
  InvalidDatetimeFormat: '22007',
  DatetimeFieldOverflow: '22008',
} as const;

export type PostgresErrorCode = (typeof PostgresErrorCode)[keyof typeof PostgresErrorCode];

/** The SQLSTATE of a statement PostgreSQL refused; undefined for anything else thrown. */
export function postgresErrorCode(error: unknown): string | undefined {
  if (!(error instanceof QueryFailedError)) return undefined;
  return (error.driverError as { code?: string } | undefined)?.code;
}

export function isPostgresError(error: unknown, code: PostgresErrorCode): boolean {
  return postgresErrorCode(error) === code;
}

export function isUniqueViolation(error: unknown): boolean {
  return isPostgresError(error, PostgresErrorCode.UniqueViolation);
}

/** Why PostgreSQL could not serve a request: worth a 503 and a retry, not a 500. */
export type DatabaseUnavailability = 'busy' | 'unavailable';

// SQLSTATEs of a statement stopped by a bound or by the server going away.
const BUSY_STATES = new Set(['57014', '55P03', '53300']); // query_canceled (statement_timeout), lock_not_available, too_many_connections
const DOWN_STATES = new Set(['57P01', '57P02', '57P03', '25P03']); // admin/crash shutdown, cannot connect now, idle-in-transaction timeout
// Socket errors of a connection that could not be made or was cut.
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNABORTED',
]);
// node-postgres' own messages for a pool that waited too long, or a connection that died.
const POOL_WAIT = /timeout exceeded when trying to connect/i;
const CONNECTION_LOST = /Connection terminated|not queryable|Cannot use a pool after calling end/i;

/** The error, and what it wraps (TypeORM's driverError, cause, an AggregateError's errors). */
function* errorChain(error: unknown, depth = 0): Generator<{ code?: unknown; message?: unknown }> {
  if (typeof error !== 'object' || error === null || depth > 4) return;
  const node = error as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown; errors?: unknown };
  yield node;
  if (node.driverError) yield* errorChain(node.driverError, depth + 1);
  if (node.cause) yield* errorChain(node.cause, depth + 1);
  if (Array.isArray(node.errors)) for (const inner of node.errors) yield* errorChain(inner, depth + 1);
}

/**
 * 'busy' when a bound stopped the work (statement or lock timeout, pool wait), 'unavailable'
 * when PostgreSQL cannot be reached or is shutting down; undefined for anything else.
 */
export function databaseUnavailability(error: unknown): DatabaseUnavailability | undefined {
  for (const node of errorChain(error)) {
    const code = typeof node.code === 'string' ? node.code : undefined;
    const message = typeof node.message === 'string' ? node.message : '';
    if (code && BUSY_STATES.has(code)) return 'busy';
    if (POOL_WAIT.test(message)) return 'busy';
    if (code && (DOWN_STATES.has(code) || code.startsWith('08') || SOCKET_CODES.has(code))) return 'unavailable';
    if (CONNECTION_LOST.test(message)) return 'unavailable';
  }
  return undefined;
}
