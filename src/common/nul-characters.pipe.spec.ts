import { findNulCharacter, RejectNulCharactersPipe } from './nul-characters.pipe';
import { RequestValidationException } from './validation';

describe('findNulCharacter', () => {
  it('finds a NUL in a nested value or key and gives its dotted path', () => {
    expect(findNulCharacter({ stops: [{ label: 'a' }, { label: 'b\u0000' }] }, '')).toBe('stops.1.label');
    expect(findNulCharacter({ ['a\u0000b']: 1 }, '')).toBe('a\u0000b');
    expect(findNulCharacter('x\u0000', 'id')).toBe('id');
  });

  it('passes values without one', () => {
    expect(findNulCharacter({ name: 'Dana', n: 1, ok: true, none: null, list: ['a', 'b'] }, '')).toBeUndefined();
  });
});

describe('RejectNulCharactersPipe', () => {
  const pipe = new RejectNulCharactersPipe();

  it('answers 400 naming the field, with the NUL escaped in the name', () => {
    const fail = (value: unknown, type: 'body' | 'query' | 'param', data?: string) => {
      try {
        pipe.transform(value, { type, data });
      } catch (error) {
        return (error as RequestValidationException).details.map((d) => d.field);
      }
      return [];
    };
    expect(fail({ name: '\u0000' }, 'body')).toEqual(['name']);
    expect(fail({ ['k\u0000']: 'v' }, 'query')).toEqual(['k\\u0000']);
    expect(fail('\u0000', 'param', 'id')).toEqual(['id']);
    expect(fail('\u0000', 'body')).toEqual(['body']);
  });

  it('leaves custom parameters (the current user) alone', () => {
    const user = { name: '\u0000' };
    expect(pipe.transform(user, { type: 'custom' })).toBe(user);
  });
});
