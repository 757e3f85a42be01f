import { QueryFailedError } from 'typeorm';

/** True when PostgreSQL refused the statement with this SQLSTATE (e.g. 23505 unique, 23503 foreign key). */
export function isPostgresError(error: unknown, sqlState: string): boolean {
  return error instanceof QueryFailedError && (error.driverError as { code?: string } | undefined)?.code === sqlState;
}
