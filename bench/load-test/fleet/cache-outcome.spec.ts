import { cacheOutcome } from './cache-outcome';

describe('cacheOutcome', () => {
  it('reads RFC 9211 Cache-Status first', () => {
    expect(cacheOutcome('freight; hit; ttl=42', 'MISS')).toBe('hit');
    expect(cacheOutcome('freight; fwd=uri-miss; stored', null)).toBe('miss');
    expect(cacheOutcome('freight; fwd=stale; fwd-status=200', null)).toBe('miss');
    expect(cacheOutcome('freight; fwd=bypass; detail=redis-down', 'HIT')).toBe('bypass');
  });

  it('falls back to X-Cache, and says none when neither is there', () => {
    expect(cacheOutcome(null, 'HIT')).toBe('hit');
    expect(cacheOutcome(null, 'MISS')).toBe('miss');
    expect(cacheOutcome('', 'BYPASS')).toBe('bypass');
    expect(cacheOutcome(null, null)).toBe('none');
  });
});
