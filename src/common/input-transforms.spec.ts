import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { ParseBooleanQuery, Trim } from './input-transforms';

class Input {
  @Trim()
  name?: unknown;

  @ParseBooleanQuery()
  flag?: unknown;
}

const read = (plain: Record<string, unknown>) => plainToInstance(Input, plain);

describe('input transforms', () => {
  it('trims strings and leaves anything else for the validators to refuse', () => {
    expect(read({ name: '  Dana  ' }).name).toBe('Dana');
    expect(read({ name: '   ' }).name).toBe('');
    expect(read({ name: 42 }).name).toBe(42);
  });

  it("turns only the exact words 'true' and 'false' into booleans", () => {
    expect(read({ flag: 'true' }).flag).toBe(true);
    expect(read({ flag: 'false' }).flag).toBe(false);
    for (const text of ['1', 'TRUE', 'yes', '']) expect(read({ flag: text }).flag).toBe(text);
  });
});
