import { QueryFailedError } from 'typeorm';
import { mapError } from './http-error';
import { isPostgresError, isUniqueViolation, PostgresErrorCode, postgresErrorCode } from './postgres-error';

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
