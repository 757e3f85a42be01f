import { parseIdempotencyKey, requestFingerprint } from './idempotency-key';

describe('Idempotency-Key header', () => {
  it('accepts a structured-field string and a bare token', () => {
    expect(parseIdempotencyKey('"8e03978e-40d5-43e8-bc93-6894a57f9324"')).toEqual({ key: '8e03978e-40d5-43e8-bc93-6894a57f9324' });
    expect(parseIdempotencyKey('order-42')).toEqual({ key: 'order-42' });
    expect(parseIdempotencyKey('"say \\"hi\\""')).toEqual({ key: 'say "hi"' });
  });

  it('refuses empty, over-long, non-ASCII and repeated keys', () => {
    expect(parseIdempotencyKey('')).toHaveProperty('problem');
    expect(parseIdempotencyKey('""')).toHaveProperty('problem');
    expect(parseIdempotencyKey('x'.repeat(256))).toHaveProperty('problem');
    expect(parseIdempotencyKey('x'.repeat(255))).toEqual({ key: 'x'.repeat(255) });
    expect(parseIdempotencyKey('clé')).toHaveProperty('problem');
    expect(parseIdempotencyKey('a\tb')).toHaveProperty('problem');
    expect(parseIdempotencyKey(['a', 'b'])).toHaveProperty('problem');
  });
});

describe('request fingerprint', () => {
  it('is the same for the same request whatever the key order', () => {
    expect(requestFingerprint('POST', '/api/loads', { a: 1, b: { c: 2, d: [3, { e: 4, f: 5 }] } })).toBe(
      requestFingerprint('post', '/api/loads', { b: { d: [3, { f: 5, e: 4 }], c: 2 }, a: 1 }),
    );
  });

  it('differs with the body, the path or the method', () => {
    const base = requestFingerprint('POST', '/api/loads', { weightKg: 1 });
    expect(requestFingerprint('POST', '/api/loads', { weightKg: 2 })).not.toBe(base);
    expect(requestFingerprint('POST', '/api/drivers', { weightKg: 1 })).not.toBe(base);
    expect(requestFingerprint('PUT', '/api/loads', { weightKg: 1 })).not.toBe(base);
    expect(requestFingerprint('POST', '/api/loads', undefined)).not.toBe(base);
  });
});
