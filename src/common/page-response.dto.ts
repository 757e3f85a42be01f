import type { Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import type { Page } from './cursor';

/**
 * The documented response of a keyset-paginated list of `item`. Extend it under the list's own
 * name (`class LoadPageDto extends KeysetPageDto(LoadResponseDto) {}`): Swagger names the schema
 * after the subclass.
 */
export function KeysetPageDto<T>(item: Type<T>): Type<Page<T>> {
  class KeysetPageOfItems implements Page<T> {
    @ApiProperty({ type: () => [item] })
    data: T[];

    @ApiProperty({ type: String, nullable: true, example: null, description: 'Pass as `cursor` for the next page; null on the last page' })
    nextCursor: string | null;

    @ApiProperty({ type: 'integer', example: 20 })
    limit: number;
  }
  return KeysetPageOfItems;
}
