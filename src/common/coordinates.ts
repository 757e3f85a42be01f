import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsNumber, Max, Min } from 'class-validator';

// applyDecorators runs its arguments first to last, the reverse of a stacked list, so they are given
// bottom-up: the messages keep the order they had as @IsNumber @Min @Max written on each field.
function coordinate(limit: number, example: number): PropertyDecorator {
  return applyDecorators(
    Max(limit),
    Min(-limit),
    IsNumber({ allowNaN: false, allowInfinity: false }),
    ApiProperty({ example, minimum: -limit, maximum: limit }),
  );
}

/** A required latitude in degrees, -90 to 90: validated and documented. */
export const IsLatitudeProperty = (): PropertyDecorator => coordinate(90, 41.8781);

/** A required longitude in degrees, -180 to 180: validated and documented. */
export const IsLongitudeProperty = (): PropertyDecorator => coordinate(180, -87.6298);
