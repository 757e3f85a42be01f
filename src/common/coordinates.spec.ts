import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { IsLatitudeProperty, IsLongitudeProperty } from './coordinates';

class Point {
  @IsLatitudeProperty()
  lat: number;

  @IsLongitudeProperty()
  lng: number;
}

function messages(body: Record<string, unknown>): Record<string, string[]> {
  const errors = validateSync(plainToInstance(Point, body));
  return Object.fromEntries(errors.map((error) => [error.property, Object.values(error.constraints ?? {})]));
}

describe('IsLatitudeProperty / IsLongitudeProperty', () => {
  it('accepts the poles and the antimeridian', () => {
    expect(messages({ lat: 90, lng: 180 })).toEqual({});
    expect(messages({ lat: -90, lng: -180 })).toEqual({});
  });

  it('refuses a latitude beyond ±90 and a longitude beyond ±180, naming the field', () => {
    expect(messages({ lat: 90.0001, lng: -180.5 })).toEqual({
      lat: ['lat must not be greater than 90'],
      lng: ['lng must not be less than -180'],
    });
  });

  it('refuses strings, null and NaN with every rule, range first as before the refactor', () => {
    for (const value of ['1', null, Number.NaN]) {
      expect(messages({ lat: value, lng: 0 }).lat).toEqual([
        'lat must not be greater than 90',
        'lat must not be less than -90',
        'lat must be a number conforming to the specified constraints',
      ]);
    }
  });

  it('refuses Infinity', () => {
    expect(messages({ lat: 0, lng: Number.NEGATIVE_INFINITY }).lng).toEqual([
      'lng must not be less than -180',
      'lng must be a number conforming to the specified constraints',
    ]);
  });
});
