import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorResponseDto } from '../common/error-response';
import { RateLimitGuard, RATE_LIMITED_OPERATION } from './rate-limit.guard';
import type { RateLimitedOperation } from './rate-limit-policies';

const header = (description: string, example: string) => ({ description, schema: { type: 'string', example } });

/**
 * The route counts against the operation's limits (per account and per IP, RATE_LIMIT_*
 * settings) and answers 429 once one is spent; documented with its headers.
 */
export function RateLimited(operation: RateLimitedOperation): ReturnType<typeof applyDecorators> {
  return applyDecorators(
    SetMetadata(RATE_LIMITED_OPERATION, operation),
    UseGuards(RateLimitGuard),
    ApiResponse({
      status: 429,
      type: ErrorResponseDto,
      description: 'Too many attempts for this account or from this address within the window; retry after Retry-After seconds',
      headers: {
        'Retry-After': { description: 'Seconds until the window resets', schema: { type: 'integer', example: 42 } },
        RateLimit: header(
          'draft-ietf-httpapi-ratelimit-headers: remaining quota (r) and seconds to reset (t) per policy',
          `"${operation}-account";r=0;t=42`,
        ),
        'RateLimit-Policy': header(
          'draft-ietf-httpapi-ratelimit-headers: quota (q) per window of w seconds, per policy',
          `"${operation}-account";q=10;w=60`,
        ),
      },
    }),
  );
}
