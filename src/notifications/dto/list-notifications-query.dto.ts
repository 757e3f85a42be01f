import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import { ParseBooleanQuery } from '../../common/input-transforms';
import { KeysetPageQueryDto } from '../../common/page-query.dto';

export class ListNotificationsQueryDto extends KeysetPageQueryDto {
  @ApiPropertyOptional({ description: 'true: only unread; false: only read; omitted: all' })
  @IsOptional()
  @ParseBooleanQuery()
  @IsBoolean({ message: 'unread must be true or false' })
  unread?: boolean;
}
