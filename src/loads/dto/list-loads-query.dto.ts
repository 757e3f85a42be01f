import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsEnum, IsISO8601, IsOptional, IsUUID, ValidateBy, ValidationArguments } from 'class-validator';
import { KeysetPageQueryDto } from '../../common/page-query.dto';
import { LoadStatus } from '../load-status';

/** Accepts status=a&status=b and status=a,b alike. */
function toStatusList({ value }: { value: unknown }): unknown {
  const values = Array.isArray(value) ? value : [value];
  if (!values.every((v): v is string => typeof v === 'string')) return value;
  return [...new Set(values.flatMap((v) => v.split(',').map((s) => s.trim())))];
}

/** createdTo must not be before createdFrom (checked only when both are valid dates). */
function IsNotBeforeCreatedFrom(): PropertyDecorator {
  return ValidateBy({
    name: 'isNotBeforeCreatedFrom',
    validator: {
      validate(value: unknown, args?: ValidationArguments): boolean {
        const from = (args?.object as ListLoadsQueryDto | undefined)?.createdFrom;
        if (typeof value !== 'string' || typeof from !== 'string') return true;
        const to = Date.parse(value);
        const start = Date.parse(from);
        return Number.isNaN(to) || Number.isNaN(start) || start <= to;
      },
      defaultMessage: () => 'createdTo must not be before createdFrom',
    },
  });
}

export class ListLoadsQueryDto extends KeysetPageQueryDto {
  @ApiPropertyOptional({
    enum: LoadStatus,
    enumName: 'LoadStatus',
    isArray: true,
    description: 'One or several statuses: repeat the parameter (status=posted&status=assigned) or separate with commas (status=posted,assigned)',
  })
  @IsOptional()
  @Transform(toStatusList)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(Object.values(LoadStatus).length)
  @IsEnum(LoadStatus, { each: true, message: `each status must be one of: ${Object.values(LoadStatus).join(', ')}` })
  status?: LoadStatus[];

  @ApiPropertyOptional({ format: 'uuid', description: 'Only loads assigned to this driver' })
  @IsOptional()
  @IsUUID('all', { message: 'driverId must be a UUID' })
  driverId?: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Created at or after (inclusive), e.g. 2026-11-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'createdFrom must be an ISO 8601 date or date-time' })
  createdFrom?: string;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    description: 'Created at or before (inclusive), e.g. 2026-11-30T23:59:59.999Z; not before createdFrom',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'createdTo must be an ISO 8601 date or date-time' })
  @IsNotBeforeCreatedFrom()
  createdTo?: string;
}
