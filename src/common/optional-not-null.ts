import { applyDecorators } from '@nestjs/common';
import { ValidateBy, ValidateIf } from 'class-validator';

/**
 * An optional field that may be left out but never sent as null. class-validator's @IsOptional
 * skips null as well as undefined, so `{"name": null}` used to pass validation and reach a NOT
 * NULL column or the service (a 500). Use @IsOptional only where null means something (clear the
 * phone), and document it as nullable there.
 */
export const IsOptionalNotNull = (): PropertyDecorator =>
  applyDecorators(
    ValidateIf((_object: object, value: unknown) => value !== undefined),
    ValidateBy({
      name: 'isNotNull',
      validator: {
        validate: (value: unknown) => value !== null,
        defaultMessage: () => '$property must not be null: leave it out instead',
      },
    }),
  );
