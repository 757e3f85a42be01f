import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsInt, IsObject, IsString, Matches, Max, Min, ValidateNested } from 'class-validator';
import { IsOptionalNotNull } from '../../common/optional-not-null';
import { LocationDto } from './location.dto';
import { TimeWindowDto } from './time-window.dto';

export const MAX_WEIGHT_KG = 100_000;
export const MAX_RATE_CENTS = 100_000_000;
const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$/;

/**
 * The writable load fields, declared once for create (required) and update (optional).
 * An optional field may be absent but never null: null would reach a NOT NULL column.
 */
function presence(required: boolean): PropertyDecorator {
  return required ? IsDefined() : IsOptionalNotNull();
}

export const LoadFields = {
  reference: () =>
    applyDecorators(
      ApiProperty({
        required: false,
        example: 'FRT-261125-7K3QZA',
        maxLength: 40,
        pattern: REFERENCE.source,
        description: 'Unique. Generated as FRT-YYMMDD-XXXXXX when omitted on create.',
      }),
      presence(false),
      IsString(),
      Matches(REFERENCE, { message: 'reference must be 1-40 letters, digits or . _ / - and start with a letter or digit' }),
    ),

  location: (required: boolean, description: string) =>
    applyDecorators(
      ApiProperty({ type: () => LocationDto, required, description }),
      presence(required),
      IsObject(),
      ValidateNested(),
      Type(() => LocationDto),
    ),

  window: (required: boolean, description: string) =>
    applyDecorators(
      ApiProperty({ type: () => TimeWindowDto, required, description }),
      presence(required),
      IsObject(),
      ValidateNested(),
      Type(() => TimeWindowDto),
    ),

  weightKg: (required: boolean) =>
    applyDecorators(
      ApiProperty({ required, example: 18000, minimum: 1, maximum: MAX_WEIGHT_KG, type: 'integer' }),
      presence(required),
      IsInt(),
      Min(1),
      Max(MAX_WEIGHT_KG),
    ),

  rateCents: (required: boolean) =>
    applyDecorators(
      ApiProperty({ required, example: 245000, minimum: 0, maximum: MAX_RATE_CENTS, type: 'integer', description: 'Rate in US cents' }),
      presence(required),
      IsInt(),
      Min(0),
      Max(MAX_RATE_CENTS),
    ),
};
