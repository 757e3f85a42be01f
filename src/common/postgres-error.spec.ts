import { QueryFailedError } from 'typeorm';
import { mapError } from './http-error';
import { databaseUnavailability, isPostgresError, isUniqueViolation, PostgresErrorCode, postgresErrorCode } from './postgres-error';

const refused = (code: string) => new QueryFailedError('INSERT …', [], Object.assign(new Error('refused'), { code }));

describe('postgres errors', () => {
  it('reads the SQLSTATE of a refused statement and nothing else', () => {
    expect(postgresErrorCode(refused('23505'))).toBe('23505');
    expect(postgresErrorCode(Object.assign(new Error('not from the database'), { code: '23505' }))).toBeUndefined();
    expect(postgresErrorCode(undefined)).toBeUndefined();
  });

  it('tells a unique violation from a foreign-key violation', () => {
    expect(isUniqueViolation(refused('23505'))).toBe(true);
    expect(isUniqueViolation(refused('23503'))).toBe(false);
    expect(isPostgresError(refused('23503'), PostgresErrorCode.ForeignKeyViolation)).toBe(true);
  });

  it('answers what a client caused with 409 or 400 and anything else with 500', () => {
    expect(mapError(refused('23505'))).toMatchObject({ status: 409, unexpected: false });
    expect(mapError(refused('23503'))).toMatchObject({ status: 409, unexpected: false });
    expect(mapError(refused('22P02'))).toMatchObject({ status: 400, message: 'A value has an invalid format', unexpected: false });
    expect(mapError(refused('22008'))).toMatchObject({ status: 400, unexpected: false });
    expect(mapError(refused('40P01'))).toEqual({ status: 500, message: 'Internal server error', unexpected: true });
  });
});

describe('database unavailability', () => {
  const driverFailure = (error: Error) => new QueryFailedError('SELECT …', [], error);

  it('answers 503 with Retry-After for timeouts and lost connections, not 500', () => {
    expect(mapError(refused('57014'))).toMatchObject({ status: 503, retryAfterSeconds: 1, unexpected: false }); // statement_timeout
    expect(mapError(refused('55P03'))).toMatchObject({ status: 503, retryAfterSeconds: 1 }); // lock_timeout
    expect(mapError(refused('57P01'))).toMatchObject({ status: 503, retryAfterSeconds: 5 }); // admin shutdown
    expect(mapError(refused('08006'))).toMatchObject({ status: 503, retryAfterSeconds: 5 }); // connection failure
    expect(mapError(new Error('timeout exceeded when trying to connect'))).toMatchObject({ status: 503, retryAfterSeconds: 1 });
    expect(mapError(driverFailure(new Error('Connection terminated unexpectedly')))).toMatchObject({ status: 503 });
    expect(mapError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toMatchObject({ status: 503 });
    // Node 20 reports a refused dual-stack connect as an AggregateError.
    expect(mapError(new AggregateError([Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })], ''))).toMatchObject({ status: 503 });
  });

  it('leaves other failures alone', () => {
    expect(databaseUnavailability(refused('23505'))).toBeUndefined();
    expect(databaseUnavailability(new Error('boom'))).toBeUndefined();
    expect(databaseUnavailability(undefined)).toBeUndefined();
  });
});
