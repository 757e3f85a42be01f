import { countKeys, parseRedisInfo } from './redis-info';

describe('parseRedisInfo', () => {
  const info = parseRedisInfo(
    '# Server\r\nredis_version:7.0.15\r\n\r\n# Stats\r\nkeyspace_hits:30\r\nkeyspace_misses:10\r\nevicted_keys:0\r\n# Keyspace\r\ndb0:keys=12,expires=3,avg_ttl=0\r\ndb1:keys=5,expires=0,avg_ttl=0\r\n',
  );

  it('reads fields across sections', () => {
    expect(info.get('redis_version')).toBe('7.0.15');
    expect(info.get('keyspace_hits')).toBe('30');
    expect(info.has('# Stats')).toBe(false);
  });

  it('counts keys over every database', () => {
    expect(countKeys(info)).toBe(17);
  });
});
