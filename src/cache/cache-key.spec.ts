import { buildCacheKey, cachePattern, escapeGlob, generationKey, normaliseQuery, routePattern } from './cache-key';

/** A Redis glob as a RegExp, for the patterns built here: `*` and backslash escapes only. */
function globToRegExp(glob: string): RegExp {
  const source = glob.replace(/\\(.)|(\*)|([.+^${}()|?[\]])/g, (_, escaped: string, star: string, special: string) =>
    star ? '.*' : `\\${escaped ?? special}`,
  );
  return new RegExp(`^${source}$`);
}

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
    expect(buildCacheKey({ ...user, userId: 'u1', dependency: 'profile:u1' })).toBe('{freight:profile.u1}:v3:/api/profile:u.u1:none');
    expect(buildCacheKey({ ...user, userId: 'u2' })).not.toBe(buildCacheKey({ ...user, userId: 'u1' }));
  });

  it('keeps a value with separators in one key segment: a:b=c does not collide with a=b:c', () => {
    expect(buildCacheKey({ ...base, query: { 'a:b': 'c' } })).not.toBe(buildCacheKey({ ...base, query: { a: 'b:c' } }));
    expect(buildCacheKey({ ...base, query: { a: '&b=1' } })).not.toBe(buildCacheKey({ ...base, query: { a: '', b: '1' } }));
  });

  it('escapes glob characters so user input in a pattern matches literally', () => {
    expect(escapeGlob('a*b?c[d]\\e')).toBe('a\\*b\\?c\\[d\\]\\\\e');
    expect(routePattern('freight', '/api/routes/:id')).toBe('{freight:*}:v3:/api/routes/:id:*');
    expect(routePattern('a*', '/x')).toBe('{a\\*:*}:v3:/x:*');
    expect(cachePattern('a*')).toBe('{a\\*:*');
  });

  it('escapes a user id that carries glob or separator characters', () => {
    const key = buildCacheKey({ ...base, route: '/api/profile', scope: 'user', userId: 'evil:*', query: {}, dependency: 'profile:evil:*}{' });
    expect(key).not.toContain('*');
    // {freight:<tag>}:v3:<route>:<scope>:<hash>: the tag holds no separator, brace or glob character.
    expect(key.split(':')).toHaveLength(6);
    expect(key.split('}')).toHaveLength(2);
  });

  it('gives an entry the hash tag of its first dependency, the one of its generation', () => {
    expect(generationKey('freight', 'load:123')).toBe('{freight:load.123}:gen');
    const key = buildCacheKey({ ...base, route: '/api/loads/:id', params: { id: '123' }, query: {}, dependency: 'load:123' });
    expect(key.startsWith('{freight:load.123}:v3:/api/loads/:id:shared:')).toBe(true);
  });

  it('gives a sub-dependency ("family:id:rest") the tag of its dependency ("family:id"), and a generation of its own', () => {
    const a = generationKey('freight', 'loads-status:posted:5.17');
    const b = generationKey('freight', 'loads-status:posted:0.90000');
    expect(a).toBe('{freight:loads-status.posted}:gen:5.17');
    expect(b).toBe('{freight:loads-status.posted}:gen:0.90000');
    expect(generationKey('freight', 'loads-status:posted')).toBe('{freight:loads-status.posted}:gen');
    expect(generationKey('freight', 'loads-status:assigned:5.17')).toBe('{freight:loads-status.assigned}:gen:5.17');
    const key = buildCacheKey({ ...base, route: '/api/loads', query: { status: 'posted' }, dependency: 'loads-status:posted:5.17' });
    expect(key.startsWith('{freight:loads-status.posted}:v3:/api/loads:shared:')).toBe(true);
    // Still inside the cache's pattern (cache:clear) and outside every route's.
    expect(globToRegExp(cachePattern('freight')).test(a)).toBe(true);
    expect(globToRegExp(routePattern('freight', '/api/loads')).test(a)).toBe(false);
  });

  it('matches every entry of a route template whatever its tag, and no other route', () => {
    const pattern = globToRegExp(routePattern('freight', '/api/loads'));
    const key = (route: string, dependency?: string) => buildCacheKey({ ...base, route, query: { limit: '5' }, dependency });
    expect(pattern.test(key('/api/loads', 'loads-status:posted'))).toBe(true);
    expect(pattern.test(key('/api/loads'))).toBe(true);
    expect(pattern.test(key('/api/loads/:id', 'load:1'))).toBe(false);
    expect(pattern.test(generationKey('freight', 'loads-status:posted'))).toBe(false);
    expect(globToRegExp(cachePattern('freight')).test(generationKey('freight', 'loads-status:posted'))).toBe(true);
    expect(globToRegExp(cachePattern('freight')).test('freight:ratelimit:login')).toBe(false);
  });
});
