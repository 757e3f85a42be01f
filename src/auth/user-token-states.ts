import { Logger } from '@nestjs/common';
import { UserRole } from '../users/user-role';

/** What a token must still match: the user's current token version and role. */
export interface UserTokenState {
  version: number;
  role: UserRole;
}

/** Reads one user's state from PostgreSQL; null when the user does not exist. */
export type LoadUserTokenState = (userId: string) => Promise<UserTokenState | null>;

interface Entry {
  /** null: no such user (deleted, or never existed). */
  state: UserTokenState | null;
  loadedAtMs: number;
}

/**
 * Each user's token version and role as this instance last read them, so the guard can refuse
 * a revoked token without a database round trip per request: at most one query per user per
 * TTL. An entry is fresh for one TTL; for a second TTL it is still answered at once while one
 * background read refreshes it (so a PostgreSQL outage does not stall authenticated cache hits);
 * after that the request waits for the read. A change therefore takes effect within 2 x TTL
 * (60 s at the maximum TTL of 30 s), and at once on the instance that made it (forget()).
 */
export class UserTokenStates {
  private readonly logger = new Logger('UserTokenStates');
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<UserTokenState | null>>();

  constructor(
    private readonly load: LoadUserTokenState,
    private readonly ttlMs: number,
    private readonly maxEntries = 100_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The longest a change can take to reach this instance's answers. */
  get boundMs(): number {
    return 2 * this.ttlMs;
  }

  /**
   * The state when it can be answered without waiting (undefined: call get()). Synchronous,
   * because it runs on every authenticated request.
   */
  peek(userId: string): UserTokenState | null | undefined {
    const entry = this.entries.get(userId);
    if (!entry) return undefined;
    const age = this.now() - entry.loadedAtMs;
    if (age < this.ttlMs) return entry.state;
    if (age < this.boundMs) {
      void this.refresh(userId).catch((error: unknown) => this.logger.warn(`Could not refresh user ${userId}: ${String(error)}`));
      return entry.state;
    }
    return undefined;
  }

  async get(userId: string): Promise<UserTokenState | null> {
    const known = this.peek(userId);
    if (known !== undefined) return known;
    return this.refresh(userId);
  }

  /** Drops what this instance knows of the user: its next request reads the database. */
  forget(userId: string): void {
    this.entries.delete(userId);
    // A read already running may have seen the row before the change: it must not be stored.
    this.loading.delete(userId);
  }

  /** One read per user at a time: concurrent requests share it. */
  private refresh(userId: string): Promise<UserTokenState | null> {
    const running = this.loading.get(userId);
    if (running) return running;
    const startedAtMs = this.now();
    const read: Promise<UserTokenState | null> = this.load(userId).then(
      (state) => {
        if (this.loading.get(userId) === read) {
          this.loading.delete(userId);
          if (this.entries.size >= this.maxEntries) this.entries.clear();
          // Stamped with the read's start: a change committed during the read counts from then.
          this.entries.set(userId, { state, loadedAtMs: startedAtMs });
        }
        return state;
      },
      (error: unknown) => {
        if (this.loading.get(userId) === read) this.loading.delete(userId);
        throw error;
      },
    );
    this.loading.set(userId, read);
    return read;
  }
}
