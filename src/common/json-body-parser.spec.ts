import { jsonBodyTooCostly } from './json-body-parser';

const check = (text: string, maxDepth = 3, maxNodes = 10) => jsonBodyTooCostly(Buffer.from(text), maxDepth, maxNodes);

describe('jsonBodyTooCostly', () => {
  it('passes nesting up to the limit and refuses one level more', () => {
    expect(check('[[[]]]')).toBeUndefined();
    expect(check('[[[[]]]]')).toBe('depth');
    expect(check('{"a":{"b":{"c":{}}}}')).toBe('depth');
  });

  it('ignores brackets and commas inside strings, escaped quotes and backslashes included', () => {
    expect(check('{"a":"[[[[{{{{,,,,,,,,,,,,"}')).toBeUndefined();
    expect(check('{"a":"\\"[[[[\\\\","b":"]]]"}')).toBeUndefined();
    expect(check('["\\\\",[[[]]]]')).toBe('depth');
  });

  it('counts arrays, objects and commas against the node limit', () => {
    expect(check('[1,2,3,4,5,6,7,8,9]')).toBeUndefined(); // 1 array + 8 commas
    expect(check('[1,2,3,4,5,6,7,8,9,10,11]')).toBe('nodes');
    expect(check('[{},{},{},{},{},{}]')).toBe('nodes');
  });

  it('does not count multi-byte characters and leaves malformed input to the parser', () => {
    expect(check('{"city":"Zürich 東京 [["}')).toBeUndefined();
    expect(check(']]]]{')).toBeUndefined();
  });
});
