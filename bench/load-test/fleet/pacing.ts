import { performance } from 'node:perf_hooks';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

/**
 * Calls `step` every `intervalMs` from `firstAt` until `endAt` (load-test clock), one call at a
 * time: a step slower than the interval delays the next one instead of piling requests up, and
 * the missed ticks are dropped, as a person polling a board would. `done`, when given, ends it
 * early: once it holds, no further tick is waited for.
 */
export async function paced(firstAt: number, intervalMs: number, endAt: number, step: () => Promise<void>, done?: () => boolean): Promise<void> {
  let next = firstAt;
  for (;;) {
    if (done?.()) return;
    const now = performance.now();
    if (next >= endAt) return;
    if (next > now) await sleep(next - now);
    if (performance.now() >= endAt) return;
    await step();
    next += intervalMs;
    const after = performance.now();
    if (next < after) next = after;
  }
}

/** A small seeded generator (mulberry32), so runs with the same seed choose the same requests. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Picks by weight; weights need not sum to 1. */
export function pickWeighted<T extends string>(random: () => number, weights: Readonly<Record<T, number>>): T {
  const entries = Object.entries(weights) as Array<[T, number]>;
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = random() * total;
  for (const [name, weight] of entries) {
    roll -= weight;
    if (roll < 0) return name;
  }
  return entries[entries.length - 1][0];
}
