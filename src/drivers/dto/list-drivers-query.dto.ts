import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import { ParseBooleanQuery } from '../../common/input-transforms';
import { KeysetPageQueryDto } from '../../common/page-query.dto';

export class ListDriversQueryDto extends KeysetPageQueryDto {
  @ApiPropertyOptional({
    type: Boolean,
    description: "Only available (true) or busy/off-duty (false) drivers; exactly 'true' or 'false'",
    example: true,
  })
  @IsOptional()
  @ParseBooleanQuery()
  @IsBoolean({ message: "isAvailable must be 'true' or 'false'" })
  isAvailable?: boolean;
}
