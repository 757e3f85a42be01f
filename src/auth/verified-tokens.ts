import type { JwtPayload } from './auth-user';

/**
 * Tokens whose signature was already verified, until they expire. Verifying an HS256 JWT
 * (base64 decoding, JSON parsing, HMAC) costs more than serving a cache hit, and a client
 * sends the same token on every request, so the guard checks each token once.
 * Bounded: when full, it starts over (the next request of each client verifies again).
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, { payload: JwtPayload; expiresAtMs: number }>();

  constructor(private readonly maxEntries = 10_000) {}

  get(token: string, nowMs: number): JwtPayload | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (entry.expiresAtMs <= nowMs) {
      this.entries.delete(token);
      return undefined;
    }
    return entry.payload;
  }

  /** Remembers a verified payload; one without an expiry is not remembered. */
  remember(token: string, payload: JwtPayload & { exp?: number }): void {
    if (typeof payload.exp !== 'number') return;
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(token, { payload, expiresAtMs: payload.exp * 1000 });
  }
}
