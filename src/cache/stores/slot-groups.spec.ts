import { buildCacheKey, generationKey } from '../cache-key';
import { groupByHashTag, hashTagOf } from './slot-groups';

describe('slot groups', () => {
  it('follows the Redis Cluster hash tag rule', () => {
    expect(hashTagOf('{freight:load.1}:gen')).toBe('freight:load.1');
    expect(hashTagOf('a{b}c{d}')).toBe('b');
    // An empty tag does not count: the whole key is hashed.
    expect(hashTagOf('{}x{y}')).toBe('{}x{y}');
    expect(hashTagOf('plain')).toBe('plain');
    expect(hashTagOf('{unclosed')).toBe('{unclosed');
  });

  it('puts an entry with its first dependency, and each other dependency in a group of its own', () => {
    const dependencies = ['loads-status:posted', 'loads-status:assigned', 'load:1'];
    const entry = buildCacheKey({ prefix: 'freight', route: '/api/loads', scope: 'shared', params: {}, query: {}, dependency: dependencies[0] });
    const keys = [...dependencies.map((d) => generationKey('freight', d)), entry];
    expect(groupByHashTag(keys)).toEqual([[0, 3], [1], [2]]);
  });

  it('tags an entry without dependencies by its own key, so such entries spread too', () => {
    const key = (route: string) => buildCacheKey({ prefix: 'freight', route, scope: 'shared', params: {}, query: {} });
    expect(hashTagOf(key('/api/analytics'))).not.toBe(hashTagOf(key('/api/analytics/summary')));
    expect(hashTagOf(key('/api/analytics'))).toMatch(/^freight:~/);
  });
});
