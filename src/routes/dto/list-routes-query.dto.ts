import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { KeysetPageQueryDto } from '../../common/page-query.dto';

export class ListRoutesQueryDto extends KeysetPageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only the routes of this load' })
  @IsOptional()
  @IsUUID('4')
  loadId?: string;
}
