/** What the API's cache said about one response. */
export type CacheOutcome = 'hit' | 'miss' | 'bypass' | 'none';

/**
 * Reads `Cache-Status` (RFC 9211) when the API sends it, else `X-Cache`. In Cache-Status a member
 * with the `hit` parameter was answered from the cache (a stale entry served while it refreshes
 * included); `fwd=bypass` means the cache stood aside; any other `fwd` went to the handler. The
 * app is the only cache on the path, so the first member is its own.
 */
export function cacheOutcome(cacheStatus: string | null, xCache: string | null): CacheOutcome {
  if (cacheStatus?.trim()) {
    const member = cacheStatus.split(',')[0];
    const params = member
      .split(';')
      .slice(1)
      .map((param) => param.trim().toLowerCase());
    if (params.some((param) => param === 'hit' || param.startsWith('hit='))) return 'hit';
    if (params.includes('fwd=bypass')) return 'bypass';
    if (params.some((param) => param.startsWith('fwd='))) return 'miss';
  }
  const x = xCache?.trim().toUpperCase();
  if (!x) return 'none';
  if (x === 'HIT' || x.startsWith('HIT') || x === 'STALE') return 'hit';
  if (x === 'BYPASS') return 'bypass';
  return 'miss';
}
