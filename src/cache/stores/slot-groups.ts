/**
 * The part of a key Redis Cluster hashes to pick its slot: the first non-empty {...}, else the
 * whole key (the Redis Cluster specification's hash tag rule).
 */
export function hashTagOf(key: string): string {
  const open = key.indexOf('{');
  if (open >= 0) {
    const close = key.indexOf('}', open + 1);
    if (close > open + 1) return key.slice(open + 1, close);
  }
  return key;
}

/**
 * The positions of `keys` grouped by hash tag, in order of first appearance. Keys of one group
 * are in one slot, so a multi-key command or script can take them on a Redis Cluster. Two tags
 * may still share a slot by chance; they then cost one call more, never a CROSSSLOT error.
 */
export function groupByHashTag(keys: readonly string[]): number[][] {
  const groups = new Map<string, number[]>();
  keys.forEach((key, index) => {
    const tag = hashTagOf(key);
    const group = groups.get(tag);
    if (group) group.push(index);
    else groups.set(tag, [index]);
  });
  return [...groups.values()];
}
