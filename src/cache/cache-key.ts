import { createHash } from 'node:crypto';
import type { CacheScope } from './cache-policy.decorator';

/** Bumped when the entry format or the key layout changes, so old entries are never read. */
export const CACHE_FORMAT_VERSION = 'v3';

type QueryValue = string | string[] | undefined;

/**
 * The query as a canonical string: keys sorted, repeated values sorted, so
 * ?b=2&a=1 and ?a=1&b=2 (and status=x&status=y vs status=y&status=x) share one entry.
 */
export function normaliseQuery(query: Record<string, QueryValue> | undefined): string {
  if (!query) return '';
  const keys = Object.keys(query).sort();
  const parts: string[] = [];
  for (const key of keys) {
    const value = query[key];
    if (value === undefined) continue;
    const values = Array.isArray(value) ? [...value].sort() : [value];
    for (const v of values) parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(v)}`);
  }
  return parts.join('&');
}

/** Escapes the characters Redis glob patterns treat specially, so user input matches literally. */
export function escapeGlob(value: string): string {
  return value.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}

/** Keeps key segments free of separators and glob characters whatever they contain. */
function segment(value: string): string {
  return /^[\w.-]+$/.test(value) ? value : encodeURIComponent(value).replace(/[*]/g, '%2A');
}

export interface KeyParts {
  /** e.g. "freight" */
  prefix: string;
  /** The route template, e.g. /api/loads/:id */
  route: string;
  scope: CacheScope;
  /** The caller's id on per-user routes. */
  userId?: string;
  params: Record<string, string> | undefined;
  query: Record<string, QueryValue> | undefined;
  /**
   * The entry's first dependency: the entry shares its hash slot, so a hit on an entry with
   * one dependency stays one MGET on one Redis Cluster node. None (bounded routes): the entry
   * gets a slot of its own.
   */
  dependency?: string;
}

/** A dependency as a key segment: load:123 -> load.123. */
function dependencySegment(dependency: string): string {
  return segment(dependency.replace(/:/g, '.'));
}

/**
 * A dependency split at its second ':' into the part that picks its slot and the rest:
 * "load:123" is all slot part; "loads-status:posted:5.17" is "loads-status:posted" and "5.17".
 * So a dependency's sub-dependencies (the created_at ranges of one status,
 * time-range-dependency.ts) share its slot: a list depending on twenty of them is still one
 * MGET on one Redis Cluster node, and a write moves a status and its ranges in one script call.
 */
function splitDependency(dependency: string): { slot: string; rest: string | undefined } {
  const second = dependency.indexOf(':', dependency.indexOf(':') + 1);
  return second < 0 ? { slot: dependency, rest: undefined } : { slot: dependency.slice(0, second), rest: dependency.slice(second + 1) };
}

/**
 * The hash tag of one dependency: its generation and the entries whose first dependency it is
 * share it, so they live in one slot. Tags differ per dependency (a sub-dependency
 * "family:id:rest" takes the tag of "family:id", see splitDependency), so on a Redis Cluster
 * the cache spreads over the masters instead of living in one slot.
 */
export function dependencyTag(prefix: string, dependency: string): string {
  return `{${prefix}:${dependencySegment(splitDependency(dependency).slot)}}`;
}

/**
 * {prefix:tag}:v3:{route}:{scope}:{hash}. The tag is the first dependency's (dependencyTag);
 * an entry without dependencies is tagged by a digest of the rest of its own key ("~" cannot
 * start a dependency, whose names start with a letter).
 */
export function buildCacheKey(parts: KeyParts): string {
  const scope = parts.scope === 'user' ? `u.${segment(parts.userId ?? 'anonymous')}` : 'shared';
  const params = parts.params ? normaliseQuery(parts.params) : '';
  const query = normaliseQuery(parts.query);
  const hash = params || query ? createHash('sha1').update(params).update('?').update(query).digest('base64url').slice(0, 22) : 'none';
  const rest = `${CACHE_FORMAT_VERSION}:${parts.route}:${scope}:${hash}`;
  const tag =
    parts.dependency === undefined
      ? `{${parts.prefix}:~${createHash('sha1').update(rest).digest('base64url').slice(0, 8)}}`
      : dependencyTag(parts.prefix, parts.dependency);
  return `${tag}:${rest}`;
}

/**
 * A dependency's generation key, in the hash slot of the entries tagged by it:
 * {prefix:load.123}:gen, and {prefix:loads-status.posted}:gen:5.17 for a sub-dependency.
 */
export function generationKey(prefix: string, dependency: string): string {
  const { rest } = splitDependency(dependency);
  return `${dependencyTag(prefix, dependency)}:gen${rest === undefined ? '' : `:${dependencySegment(rest)}`}`;
}

/** A SCAN pattern for every entry of one route template (any tag, scope or query). */
export function routePattern(prefix: string, route: string): string {
  return `${escapeGlob(`{${prefix}:`)}*${escapeGlob(`}:${CACHE_FORMAT_VERSION}:${route}:`)}*`;
}

/** A SCAN pattern for every key of the cache under the prefix: entries and generations. */
export function cachePattern(prefix: string): string {
  return `${escapeGlob(`{${prefix}:`)}*`;
}
