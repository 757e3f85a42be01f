import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { ParseBooleanQuery } from './string-input';

export class ListDriversQueryDto {
  @ApiPropertyOptional({ type: Boolean, description: "Only available (true) or busy/off-duty (false) drivers; exactly 'true' or 'false'", example: true })
  @IsOptional()
  @ParseBooleanQuery()
  @IsBoolean({ message: "isAvailable must be 'true' or 'false'" })
  isAvailable?: boolean;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20, example: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 20;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page, unchanged' })
  @IsOptional()
  @IsString()
  cursor?: string;
}
