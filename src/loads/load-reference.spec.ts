import { generateLoadReference } from './load-reference';

describe('generateLoadReference', () => {
  it('formats FRT-YYMMDD-XXXXXX from the UTC date', () => {
    const reference = generateLoadReference(new Date('2026-11-25T23:30:00.000Z'), () => 0);
    expect(reference).toBe('FRT-261125-000000');
  });

  it('uses only unambiguous characters and differs between calls', () => {
    const references = new Set(Array.from({ length: 200 }, () => generateLoadReference()));
    expect(references.size).toBe(200);
    for (const reference of references) expect(reference).toMatch(/^FRT-\d{6}-[0-9A-HJKMNP-TV-Z]{6}$/);
  });
});
