import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, Matches } from 'class-validator';

// Calendar dates only: a time of day would make "one entry per day" ambiguous.
const DATE = /^(19|20|21)\d{2}-\d{2}-\d{2}$/;

export class AnalyticsQueryDto {
  @ApiPropertyOptional({ format: 'date', description: 'First UTC day, included, e.g. 2026-10-27. Default: 29 days before to' })
  @IsOptional()
  @Matches(DATE, { message: 'from must be a date as YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'from must be a real calendar date' })
  from?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Last UTC day, included, e.g. 2026-11-25. Default: today' })
  @IsOptional()
  @Matches(DATE, { message: 'to must be a date as YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'to must be a real calendar date' })
  to?: string;
}
