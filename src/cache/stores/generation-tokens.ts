import { randomBytes } from 'node:crypto';

/**
 * Generation tokens: a random per-process prefix and a counter, so two instances, or one
 * instance before and after a restart, never make the same token. A generation that comes back
 * after eviction therefore never matches an entry built from the one that was lost.
 */
export class GenerationTokens {
  private readonly prefix = randomBytes(6).toString('base64url');
  private counter = 0;

  next(): string {
    this.counter = (this.counter + 1) % Number.MAX_SAFE_INTEGER;
    return `${this.prefix}${this.counter.toString(36)}`;
  }
}
