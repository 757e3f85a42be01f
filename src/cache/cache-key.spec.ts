import { buildCacheKey, escapeGlob, generationKey, normaliseQuery, routePattern } from './cache-key';

describe('cache keys', () => {
  const base = { prefix: 'freight', route: '/api/loads', scope: 'shared' as const, params: undefined };

  it('ignores the order of query parameters and of repeated values', () => {
    expect(normaliseQuery({ b: '2', a: '1' })).toBe(normaliseQuery({ a: '1', b: '2' }));
    expect(normaliseQuery({ status: ['posted', 'assigned'] })).toBe(normaliseQuery({ status: ['assigned', 'posted'] }));
    expect(buildCacheKey({ ...base, query: { limit: '5', status: 'posted' } })).toBe(
      buildCacheKey({ ...base, query: { status: 'posted', limit: '5' } }),
    );
  });

  it('tells different queries, params and users apart', () => {
    const a = buildCacheKey({ ...base, query: { limit: '5' } });
    expect(buildCacheKey({ ...base, query: { limit: '6' } })).not.toBe(a);
    expect(buildCacheKey({ ...base, route: '/api/loads/:id', params: { id: 'x' }, query: {} })).not.toBe(
      buildCacheKey({ ...base, route: '/api/loads/:id', params: { id: 'y' }, query: {} }),
    );
    const user = { ...base, route: '/api/profile', scope: 'user' as const, query: {} };
    expect(buildCacheKey({ ...user, userId: 'u1' })).toBe('{freight}:v2:/api/profile:u.u1:none');
    expect(buildCacheKey({ ...user, userId: 'u2' })).not.toBe(buildCacheKey({ ...user, userId: 'u1' }));
  });

  it('keeps a value with separators in one key segment: a:b=c does not collide with a=b:c', () => {
    expect(buildCacheKey({ ...base, query: { 'a:b': 'c' } })).not.toBe(buildCacheKey({ ...base, query: { a: 'b:c' } }));
    expect(buildCacheKey({ ...base, query: { a: '&b=1' } })).not.toBe(buildCacheKey({ ...base, query: { a: '', b: '1' } }));
  });

  it('escapes glob characters so user input in a pattern matches literally', () => {
    expect(escapeGlob('a*b?c[d]\\e')).toBe('a\\*b\\?c\\[d\\]\\\\e');
    expect(routePattern('freight', '/api/routes/:id')).toBe('{freight}:v2:/api/routes/:id:*');
    expect(routePattern('a*', '/x')).toBe('{a\\*}:v2:/x:*');
  });

  it('escapes a user id that carries glob or separator characters', () => {
    const key = buildCacheKey({ ...base, route: '/api/profile', scope: 'user', userId: 'evil:*', query: {} });
    expect(key).not.toContain('*');
    expect(key.split(':')).toHaveLength(5);
  });

  it('keeps the store bookkeeping in the same hash slot as the entries', () => {
    expect(generationKey('freight', 'load:123')).toBe('{freight}:gen:load.123');
  });
});
