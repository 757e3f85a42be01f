import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsUUID } from 'class-validator';

/** A dispatch board shows a fleet, not the whole table: a bound on one request's filter. */
export const MAX_POSITION_FILTER = 500;

/** Accepts driverIds=a&driverIds=b and driverIds=a,b alike. */
function toIdList({ value }: { value: unknown }): unknown {
  const values = Array.isArray(value) ? value : [value];
  if (!values.every((v): v is string => typeof v === 'string')) return value;
  return [...new Set(values.flatMap((v) => v.split(',').map((s) => s.trim())))];
}

export class PositionsQueryDto {
  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    isArray: true,
    description: `Only these drivers (at most ${MAX_POSITION_FILTER}): repeat the parameter or separate ids with commas. Without it, every driver the caller may see.`,
  })
  @IsOptional()
  @Transform(toIdList)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_POSITION_FILTER)
  @IsUUID('all', { each: true, message: 'each driverIds value must be a UUID' })
  driverIds?: string[];
}
