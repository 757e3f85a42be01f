import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, ValidateNested } from 'class-validator';
import { RouteStopDto } from './route-stop.dto';

export const MIN_STOPS = 2;
export const MAX_STOPS = 50;

/** The ordered stops of a route: first is the start, last the end. */
export const RouteStops = () =>
  applyDecorators(
    ApiProperty({
      type: [RouteStopDto],
      minItems: MIN_STOPS,
      maxItems: MAX_STOPS,
      description: 'Ordered stops: the first is the start, the last the destination',
      example: [
        { lat: 41.8781, lng: -87.6298, label: 'Chicago, IL' },
        { lat: 32.7767, lng: -96.797, label: 'Dallas, TX' },
      ],
    }),
    IsArray(),
    ArrayMinSize(MIN_STOPS),
    ArrayMaxSize(MAX_STOPS),
    ValidateNested({ each: true }),
    Type(() => RouteStopDto),
  );
