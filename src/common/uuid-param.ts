import { ParseUUIDPipe } from '@nestjs/common';
import { RequestValidationException } from './validation';

/**
 * Pipe for a v4 UUID path parameter: a malformed id answers 400 in the usual
 * `details` shape instead of reaching the database (where it would be a 22P02).
 */
export function uuidParamPipe(field = 'id'): ParseUUIDPipe {
  return new ParseUUIDPipe({
    version: '4',
    exceptionFactory: () => new RequestValidationException([{ field, messages: [`${field} must be a UUID`] }]),
  });
}
