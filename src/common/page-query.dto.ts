import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';

export const DEFAULT_PAGE_LIMIT = 20;
export const MAX_PAGE_LIMIT = 100;

/**
 * The page window every keyset-paginated list accepts; list query DTOs extend it with their
 * filters. Only the cursor's type is checked here: decodeCursor (in the service) answers a forged
 * or over-long one with 400 naming the field.
 *
 * Only `limit` carries a default and example: Swagger UI pre-fills a query parameter from its
 * example or default, so one on an optional filter would quietly filter a plain "Execute".
 * Filters give their example in the description (test/openapi-lint.e2e-spec.ts checks this).
 */
export class KeysetPageQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE_LIMIT, default: DEFAULT_PAGE_LIMIT, example: DEFAULT_PAGE_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_LIMIT)
  limit: number = DEFAULT_PAGE_LIMIT;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page, unchanged' })
  @IsOptional()
  @IsString()
  cursor?: string;
}
