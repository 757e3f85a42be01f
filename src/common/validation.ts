import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import type { FieldErrorDto } from './error-response';

/** Flattens class-validator errors into { field, messages } with dotted paths. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldErrorDto[] {
  const result: FieldErrorDto[] = [];
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    if (error.constraints) result.push({ field, messages: Object.values(error.constraints) });
    if (error.children?.length) result.push(...flattenValidationErrors(error.children, field));
  }
  return result;
}

export class RequestValidationException extends BadRequestException {
  constructor(readonly details: FieldErrorDto[]) {
    super({
      message: `Invalid ${details.map((d) => d.field).join(', ')}: ${details.map((d) => d.messages.join('; ')).join('; ')}`,
      details,
    });
  }
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => new RequestValidationException(flattenValidationErrors(errors)),
  });
}
