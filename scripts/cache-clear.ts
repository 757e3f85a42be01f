/**
 * `npm run cache:clear -- --dependency load:<id> [--dependency ...] | --pattern '<glob>' | --all`
 *
 * The operator's tool for after direct SQL or a bulk seed, against the shared Redis cache
 * (REDIS_URL, REDIS_CLUSTER, CACHE_KEY_PREFIX as the app reads them):
 * - --dependency NAME moves that dependency to a new generation, exactly as a write does:
 *   every entry built from it becomes a miss on every instance (O(1), nothing scanned);
 * - --pattern GLOB unlinks the entries whose key matches (SCAN + UNLINK in batches), e.g.
 *   '{freight:*}:v3:/api/loads:*' (the tag after the prefix is the entry's first dependency);
 * - --all unlinks every entry and generation under the prefix.
 * The in-process cache (no REDIS_URL) lives inside each app process: restart it instead.
 * Exit codes: 0 done, 1 Redis unreachable or failed, 2 bad usage.
 */
import { cachePattern } from '../src/cache/cache-key';
import { RedisResponseStore } from '../src/cache/stores/redis-response-store';

const USAGE = `Usage: npm run cache:clear -- (--dependency NAME)... | --pattern GLOB | --all
  --dependency NAME  a cache dependency: load:<id>, loads-status:<status|any>, loads-driver:<driverId>,
                     driver:<id>, drivers-available:<true|false|any>, route:<id>, routes-load:<loadId|any>,
                     route-details, notifications:<userId>, profile:<userId> (the features' *.cache.ts);
                     loads-status:<status> leaves page 2+ and createdTo lists (they depend on hour
                     ranges): clear every load list with --pattern '{freight:*}:v3:/api/loads:*'
  --pattern GLOB     entries whose key matches, e.g. '{freight:*}:v3:/api/loads:*'
  --all              every entry and generation under CACHE_KEY_PREFIX
Reads REDIS_URL (required), REDIS_CLUSTER and CACHE_KEY_PREFIX (default freight).`;

type Plan = { dependencies: string[] } | { pattern: string } | { error: string } | { help: true };

export function parseCacheClearArgs(args: string[], prefix: string): Plan {
  if (args.includes('--help') || args.includes('-h')) return { help: true };
  const dependencies: string[] = [];
  let pattern: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const value = args[i + 1];
    if (args[i] === '--dependency' && value) {
      dependencies.push(value);
      i++;
    } else if (args[i] === '--pattern' && value) {
      pattern = value;
      i++;
    } else if (args[i] === '--all') {
      pattern = cachePattern(prefix);
    } else {
      return { error: `Unexpected argument: ${args[i]}` };
    }
  }
  if (dependencies.length > 0 && pattern) return { error: 'Give dependencies or a pattern, not both' };
  if (pattern) return { pattern };
  if (dependencies.length > 0) return { dependencies };
  return { error: 'Nothing to clear' };
}

async function main(): Promise<number> {
  const prefix = process.env.CACHE_KEY_PREFIX?.trim() || 'freight';
  const plan = parseCacheClearArgs(process.argv.slice(2), prefix);
  if ('help' in plan) {
    console.log(USAGE);
    return 0;
  }
  if ('error' in plan) {
    console.error(`${plan.error}\n\n${USAGE}`);
    return 2;
  }
  const url = process.env.REDIS_URL;
  if (!url) {
    console.error('REDIS_URL is not set. The in-process cache lives inside each app process: restart the app to clear it.');
    return 2;
  }
  const store = new RedisResponseStore({
    url,
    cluster: process.env.REDIS_CLUSTER === 'true',
    prefix,
    commandTimeoutMs: 5_000,
    connectTimeoutMs: 5_000,
    invalidationTimeoutMs: 10_000,
  });
  try {
    await store.connect();
    if (!store.isReady()) throw new Error(`Redis at ${url} did not answer`);
    if ('dependencies' in plan) {
      await store.invalidate(plan.dependencies);
      console.log(
        `Moved ${plan.dependencies.length} dependenc${plan.dependencies.length === 1 ? 'y' : 'ies'} to a new generation: ${plan.dependencies.join(', ')}`,
      );
    } else {
      console.log(`Removed ${await store.clearPattern(plan.pattern)} key(s) matching ${plan.pattern}`);
    }
    return 0;
  } catch (error) {
    console.error(`cache:clear failed: ${(error as Error).message}`);
    return 1;
  } finally {
    await store.close();
  }
}

if (require.main === module) {
  void main().then((code) => process.exit(code));
}
