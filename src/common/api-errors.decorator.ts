import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorResponseDto } from './error-response';

/** The 4xx answers routes document; each has its own description of when it happens. */
export type ApiErrorStatus = 400 | 401 | 403 | 404 | 409;

/**
 * Documents error answers, each in the one ErrorResponseDto shape, on a route or a whole
 * controller: `@ApiErrors({ 400: 'id is not a UUID', 404: 'No such driver' })`. The same as one
 * @ApiBadRequestResponse / @ApiNotFoundResponse / … per status with `type: ErrorResponseDto`.
 */
export function ApiErrors(descriptions: Partial<Record<ApiErrorStatus, string>>): ReturnType<typeof applyDecorators> {
  return applyDecorators(
    ...Object.entries(descriptions).map(([status, description]) => ApiResponse({ status: Number(status), type: ErrorResponseDto, description })),
  );
}
