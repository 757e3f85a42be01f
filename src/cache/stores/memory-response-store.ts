import type { CachedResponse } from '../cached-response';
import { withWalPosition } from './generation-lsn';
import { GenerationTokens } from './generation-tokens';
import type { Lookup, ResponseStore } from './response-store';

interface Slot {
  entry: CachedResponse;
  expiresAt: number;
  generations: string;
  bytes: number;
}

/** What a slot costs beyond its bytes: the Map entry, the objects, the key (UTF-16). */
const SLOT_OVERHEAD_BYTES = 200;
/** Generations kept at most; the least recently used is forgotten, which only causes misses. */
const MAX_GENERATIONS = 100_000;
const SWEEP_INTERVAL_MS = 30_000;

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

function sizeOf(key: string, entry: CachedResponse): number {
  return entry.body.length + (entry.gzip?.length ?? 0) + key.length * 2 + SLOT_OVERHEAD_BYTES;
}

/**
 * The embedded default when no REDIS_URL is set: the same contract as Redis within one
 * process (generations checked on every hit), bounded in bytes: the least recently used
 * entries go first, and expired ones are swept every 30 s, so memory comes back down.
 */
export class MemoryResponseStore implements ResponseStore {
  readonly kind = 'memory' as const;
  /** Insertion order is recency order: a hit moves its entry to the end. */
  private readonly entries = new Map<string, Slot>();
  private readonly tokensByDependency = new Map<string, string>();
  private readonly tokens = new GenerationTokens();
  private bytes = 0;
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly maxBytes: number) {
    this.sweeper = setInterval(() => this.sweep(), SWEEP_INTERVAL_MS);
    this.sweeper.unref();
  }

  /** Bytes held by entries now (bodies, gzip variants, keys and a fixed overhead each). */
  get sizeBytes(): number {
    return this.bytes;
  }

  get size(): number {
    return this.entries.size;
  }

  async lookup(key: string, dependencies: string[]): Promise<Lookup> {
    const generations = dependencies.map((d) => this.generation(d));
    const slot = this.entries.get(key);
    if (slot) {
      if (slot.expiresAt > Date.now() && slot.generations === generations.join(',')) {
        this.entries.delete(key);
        this.entries.set(key, slot);
        return { entry: slot.entry };
      }
      this.remove(key);
    }
    return { entry: null, generations };
  }

  async generations(dependencies: string[]): Promise<string[]> {
    return dependencies.map((d) => this.generation(d));
  }

  async store(key: string, entry: CachedResponse, ttlMs: number, dependencies: string[], generations: string[]): Promise<boolean> {
    if (dependencies.some((d, i) => this.tokensByDependency.get(d) !== generations[i])) return false;
    const bytes = sizeOf(key, entry);
    if (bytes > this.maxBytes) return false;
    this.remove(key);
    this.entries.set(key, { entry, expiresAt: Date.now() + ttlMs, generations: generations.join(','), bytes });
    this.bytes += bytes;
    for (const oldest of this.entries.keys()) {
      if (this.bytes <= this.maxBytes) break;
      this.remove(oldest);
    }
    return true;
  }

  async invalidate(dependencies: string[]): Promise<string[]> {
    const generations = dependencies.map((dependency) => {
      const token = this.tokens.next();
      this.tokensByDependency.delete(dependency);
      this.tokensByDependency.set(dependency, token);
      return token;
    });
    this.trimGenerations();
    return generations;
  }

  async attachWalPosition(dependencies: string[], generations: string[], lsn: string): Promise<number> {
    let marked = 0;
    dependencies.forEach((dependency, i) => {
      if (this.tokensByDependency.get(dependency) !== generations[i]) return;
      this.tokensByDependency.set(dependency, withWalPosition(generations[i], lsn));
      marked++;
    });
    return marked;
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

  state(): 'closed' {
    return 'closed';
  }

  async ping(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    this.entries.clear();
    this.tokensByDependency.clear();
    this.bytes = 0;
  }

  /** Removes expired entries; run on a timer so memory is returned without traffic. */
  sweep(now = Date.now()): number {
    let removed = 0;
    for (const [key, slot] of this.entries) if (slot.expiresAt <= now && this.remove(key)) removed++;
    return removed;
  }

  /** The dependency's current generation, made (and marked recently used) when missing. */
  private generation(dependency: string): string {
    let token = this.tokensByDependency.get(dependency);
    if (token === undefined) {
      token = this.tokens.next();
      this.tokensByDependency.set(dependency, token);
      this.trimGenerations();
    }
    return token;
  }

  private trimGenerations(): void {
    for (const oldest of this.tokensByDependency.keys()) {
      if (this.tokensByDependency.size <= MAX_GENERATIONS) break;
      this.tokensByDependency.delete(oldest);
    }
  }

  private remove(key: string): boolean {
    const slot = this.entries.get(key);
    if (!slot) return false;
    this.entries.delete(key);
    this.bytes -= slot.bytes;
    return true;
  }
}
