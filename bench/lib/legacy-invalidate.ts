import { createClient } from 'redis';
import { dependencyKeys } from '../../src/cache/cache-key';

/**
 * RedisResponseStore's invalidation before the batching fix (git 52e5d7e), kept to measure
 * both in one run: everything, UNLINKs included, inside one script, so Redis serves no one
 * else until all members are gone.
 */
const ONE_SCRIPT_INVALIDATE = `
redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], ARGV[1])
local members = redis.call('SMEMBERS', KEYS[2])
for i = 1, #members, 500 do
  redis.call('UNLINK', unpack(members, i, math.min(i + 499, #members)))
end
redis.call('UNLINK', KEYS[2])
return #members`;

export async function invalidateInOneScript(client: ReturnType<typeof createClient>, prefix: string, dependency: string): Promise<number> {
  const { generation, members } = dependencyKeys(prefix, dependency);
  const reply = await client.eval(ONE_SCRIPT_INVALIDATE, { keys: [generation, members], arguments: [String(6 * 60 * 60 * 1000)] });
  return Number(reply);
}
