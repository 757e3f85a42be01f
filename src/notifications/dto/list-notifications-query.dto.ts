import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';

// Query strings are text: only the exact words 'true' and 'false' become booleans; anything
// else stays a string and fails @IsBoolean with a 400.
function parseBoolean({ value }: { value: unknown }): unknown {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return value;
}

export class ListNotificationsQueryDto {
  @ApiPropertyOptional({ example: true, description: 'true: only unread; false: only read; omitted: all' })
  @IsOptional()
  @Transform(parseBoolean)
  @IsBoolean({ message: 'unread must be true or false' })
  unread?: boolean;

  @ApiPropertyOptional({ example: 20, default: 20, minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 20;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page', example: 'WyIyMDI2LTExLTI1VDE4OjAwOjAwLjAwMFoiLCI…' })
  @IsOptional()
  @IsString()
  cursor?: string;
}
