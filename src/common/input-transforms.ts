import { Transform } from 'class-transformer';

/** Trims surrounding whitespace so "  " fails @IsNotEmpty instead of being stored. Non-strings pass through to fail @IsString. */
export const Trim = (): PropertyDecorator => Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/** Query strings carry text: only the exact words 'true' and 'false' become booleans; anything else fails @IsBoolean. */
export const ParseBooleanQuery = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value));
