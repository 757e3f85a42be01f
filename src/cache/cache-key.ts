import { createHash } from 'node:crypto';
import type { CacheScope } from './cache-policy.decorator';

/** Bumped when the entry format changes, so old entries are never read. */
export const CACHE_FORMAT_VERSION = 'v2';

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
}

/**
 * {prefix}:v1:{route}:{scope}:{hash}. All keys share the hash tag {prefix} so that the
 * store and invalidation scripts, which touch several keys, also run on a Redis Cluster.
 */
export function buildCacheKey(parts: KeyParts): string {
  const scope = parts.scope === 'user' ? `u.${segment(parts.userId ?? 'anonymous')}` : 'shared';
  const params = parts.params ? normaliseQuery(parts.params) : '';
  const query = normaliseQuery(parts.query);
  const hash = params || query ? createHash('sha1').update(params).update('?').update(query).digest('base64url').slice(0, 22) : 'none';
  return `{${parts.prefix}}:${CACHE_FORMAT_VERSION}:${parts.route}:${scope}:${hash}`;
}

/** A dependency's generation key, in the same hash slot as the entries checked against it. */
export function generationKey(prefix: string, dependency: string): string {
  return `{${prefix}}:gen:${segment(dependency.replace(/:/g, '.'))}`;
}

/** A SCAN pattern for every entry of one route template (any scope, any query). */
export function routePattern(prefix: string, route: string): string {
  return `${escapeGlob(`{${prefix}}:${CACHE_FORMAT_VERSION}:${route}:`)}*`;
}
