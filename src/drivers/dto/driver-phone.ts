import { applyDecorators } from '@nestjs/common';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { Trim } from '../../common/input-transforms';

export const PHONE_PATTERN = /^\+?[0-9][0-9 ().-]{3,38}$/;

/**
 * An optional driver phone: trimmed, at most 40 characters, digits with spaces, + ( ) . -;
 * null (clear it) passes. Given bottom-up, because applyDecorators runs them first to last,
 * so the messages keep the order they had when stacked on the field.
 */
export const IsDriverPhone = (): PropertyDecorator =>
  applyDecorators(
    Matches(PHONE_PATTERN, { message: 'phone must be a phone number (digits, spaces, + ( ) . -)' }),
    MaxLength(40),
    IsString(),
    Trim(),
    IsOptional(),
  );
