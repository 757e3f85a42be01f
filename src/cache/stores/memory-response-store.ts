import type { CachedResponse } from '../cached-response';
import type { ResponseStore } from './response-store';

interface Slot {
  entry: CachedResponse;
  expiresAt: number;
  dependencies: string[];
}

/** Converts a Redis-style glob (*, ?, [..], \x) into a RegExp. */
function globToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length) source += pattern[++i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (c === '*') source += '.*';
    else if (c === '?') source += '.';
    else source += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/**
 * The embedded default when no REDIS_URL is set: the same contract as Redis within one
 * process (generations, conditional store, dependency index), bounded by entry count (LRU).
 */
export class MemoryResponseStore implements ResponseStore {
  readonly kind = 'memory' as const;
  private readonly entries = new Map<string, Slot>();
  private readonly members = new Map<string, Set<string>>();
  private readonly generations = new Map<string, number>();

  constructor(private readonly maxEntries = 20_000) {}

  async get(key: string): Promise<CachedResponse | null> {
    const slot = this.entries.get(key);
    if (!slot) return null;
    if (slot.expiresAt <= Date.now()) {
      this.remove(key);
      return null;
    }
    // Refresh recency for the LRU bound.
    this.entries.delete(key);
    this.entries.set(key, slot);
    return slot.entry;
  }

  async snapshot(dependencies: string[]): Promise<string[]> {
    return dependencies.map((d) => String(this.generations.get(d) ?? 0));
  }

  async set(key: string, entry: CachedResponse, ttlMs: number, dependencies: string[], snapshot: string[]): Promise<boolean> {
    const current = await this.snapshot(dependencies);
    if (current.some((g, i) => g !== snapshot[i])) return false;
    this.remove(key);
    this.entries.set(key, { entry, expiresAt: Date.now() + ttlMs, dependencies });
    for (const dependency of dependencies) {
      let set = this.members.get(dependency);
      if (!set) this.members.set(dependency, (set = new Set()));
      set.add(key);
    }
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.remove(oldest);
    }
    return true;
  }

  async invalidate(dependencies: string[]): Promise<number> {
    let removed = 0;
    for (const dependency of dependencies) {
      this.generations.set(dependency, (this.generations.get(dependency) ?? 0) + 1);
      const keys = this.members.get(dependency);
      if (!keys) continue;
      for (const key of [...keys]) if (this.remove(key)) removed++;
      this.members.delete(dependency);
    }
    return removed;
  }

  async clearPattern(pattern: string): Promise<number> {
    const matcher = globToRegExp(pattern);
    let removed = 0;
    for (const key of [...this.entries.keys()]) if (matcher.test(key) && this.remove(key)) removed++;
    return removed;
  }

  isReady(): boolean {
    return true;
  }

  async ping(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {
    this.entries.clear();
    this.members.clear();
  }

  private remove(key: string): boolean {
    const slot = this.entries.get(key);
    if (!slot) return false;
    this.entries.delete(key);
    for (const dependency of slot.dependencies) this.members.get(dependency)?.delete(key);
    return true;
  }
}
