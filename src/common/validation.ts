import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import type { FieldErrorDto } from './error-response';
import { summariseFieldErrors } from './field-error-summary';

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

/** A 400 naming the fields; bounded in size however many errors the input caused. */
export class RequestValidationException extends BadRequestException {
  readonly details: FieldErrorDto[];

  constructor(errors: FieldErrorDto[]) {
    const { details, omitted } = summariseFieldErrors(errors);
    const more = omitted > 0 ? ` (and ${omitted} more)` : '';
    super({
      message: `Invalid ${details.map((d) => d.field).join(', ')}${more}: ${details.map((d) => d.messages.join('; ')).join('; ')}`,
      details,
      ...(omitted > 0 ? { detailsOmitted: omitted } : {}),
    });
    this.details = details;
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
