import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601, Matches } from 'class-validator';

// A full date-time with an explicit offset: a window without a timezone means different
// instants to the dispatcher and the driver.
const DATE_TIME_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

const dateTime = (example: string) => ApiProperty({ type: String, format: 'date-time', example, description: 'ISO 8601 date-time with a timezone' });

/** A time window; used for both request bodies and responses (end must be after start). */
export class TimeWindowDto {
  @dateTime('2026-11-26T08:00:00.000Z')
  @IsISO8601({ strict: true }, { message: '$property must be an ISO 8601 date-time' })
  @Matches(DATE_TIME_WITH_ZONE, { message: '$property must be a date-time with a timezone, e.g. 2026-11-26T08:00:00Z' })
  start: string;

  @dateTime('2026-11-26T12:00:00.000Z')
  @IsISO8601({ strict: true }, { message: '$property must be an ISO 8601 date-time' })
  @Matches(DATE_TIME_WITH_ZONE, { message: '$property must be a date-time with a timezone, e.g. 2026-11-26T12:00:00Z' })
  end: string;
}
