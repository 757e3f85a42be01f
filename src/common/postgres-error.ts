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
