import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { KeysetPageQueryDto } from '../../common/page-query.dto';

export class ListRoutesQueryDto extends KeysetPageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only the routes of this load', example: '5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d' })
  @IsOptional()
  @IsUUID('4')
  loadId?: string;
}
