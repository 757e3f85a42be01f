import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldErrorDto {
  @ApiProperty({ example: 'limit', description: 'The field (dotted path for nested fields) that failed' })
  field: string;

  @ApiProperty({ example: ['limit must not be greater than 100'] })
  messages: string[];

  @ApiPropertyOptional({
    type: 'integer',
    example: 3200,
    description: 'Present when the same error hit many array items: field then reads like stops.*.lat',
  })
  count?: number;
}

/** The one error shape every 4xx and 5xx response uses. */
export class ErrorResponseDto {
  @ApiProperty({ example: 400 })
  statusCode: number;

  @ApiProperty({ example: 'Bad Request' })
  error: string;

  @ApiProperty({ example: 'Validation failed' })
  message: string;

  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'Present on validation errors' })
  details?: FieldErrorDto[];

  @ApiPropertyOptional({ type: 'integer', example: 12, description: 'How many more details were left out (at most 20 are sent)' })
  detailsOmitted?: number;

  @ApiProperty({ example: '/api/loads' })
  path: string;

  @ApiPropertyOptional({ example: 'b1f3c0de-…', description: 'The request id, also in the X-Request-Id header' })
  requestId?: string;

  @ApiProperty({ example: '2026-11-25T18:00:00.000Z' })
  timestamp: string;
}
