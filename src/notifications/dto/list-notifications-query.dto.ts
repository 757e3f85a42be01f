import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { KeysetPageQueryDto } from '../../common/page-query.dto';

// Query strings are text: only the exact words 'true' and 'false' become booleans; anything
// else stays a string and fails @IsBoolean with a 400.
function parseBoolean({ value }: { value: unknown }): unknown {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return value;
}

export class ListNotificationsQueryDto extends KeysetPageQueryDto {
  @ApiPropertyOptional({ example: true, description: 'true: only unread; false: only read; omitted: all' })
  @IsOptional()
  @Transform(parseBoolean)
  @IsBoolean({ message: 'unread must be true or false' })
  unread?: boolean;
}
