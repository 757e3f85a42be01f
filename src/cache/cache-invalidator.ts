import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit, Optional } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainEvents, StagedEvent } from '../common/domain-events';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { ReadReplicas } from '../database/replicas/read-replicas';
import { CacheInvalidationRegistry } from './cache-invalidation.registry';
import { CACHE_METRICS, CacheMetrics } from './cache-metrics';
import { applyOutbox, InvalidationOutbox, OutboxBacklog } from './outbox/invalidation-outbox';
import { RESPONSE_STORE, ResponseStore } from './stores/response-store';
import { invalidateCommitted } from './wal-positioned-invalidation';

export const INVALIDATION_OUTBOX = Symbol('INVALIDATION_OUTBOX');

/** Outbox rows younger than this are left to their writer's fast path. */
export const RELAY_MIN_AGE_MS = 500;

/**
 * When a row becomes due for every instance's relay: its writer acknowledges it at its next
 * relay tick, so the age must leave that tick room, or other instances would apply most rows a
 * second time (harmless, an extra miss each) whenever CACHE_OUTBOX_POLL_MS is set long.
 */
export function relayMinAgeMs(pollMs: number): number {
  return Math.max(RELAY_MIN_AGE_MS, 2 * pollMs);
}
const RETRY_EVERY_MS = 100;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Turns committed writes into cache invalidations, durably:
 * - in the write's transaction, the dependencies its events change go into the outbox
 *   (Redis) or are noted for after the commit (in process, where nothing can fail);
 * - after the commit, the writer applies them before its response leaves (the fast path),
 *   retrying for up to CACHE_INVALIDATION_WAIT_MS, and stops waiting early if another instance
 *   applied them (this instance alone cut off from Redis);
 * - every instance applies what is left every CACHE_OUTBOX_POLL_MS (a writer that crashed or
 *   gave up), and the Redis store applies all of it before its circuit closes again.
 */
@Injectable()
export class CacheInvalidator implements OnModuleInit, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('CacheInvalidation');
  private relayTimer: NodeJS.Timeout | undefined;
  private closing = false;
  private backlogNow: OutboxBacklog = { pending: 0, oldestAgeMs: null };
  /**
   * Rows whose invalidation this instance applied, removed by the next relay tick in one
   * statement: a write's response no longer waits for a DELETE, and a write costs one
   * PostgreSQL transaction, not two. A row is removed within CACHE_OUTBOX_POLL_MS, before it
   * is due elsewhere (relayMinAgeMs: at least twice the poll); if this instance dies first, another applies it
   * again, which only moves a generation twice.
   */
  private applied: string[] = [];

  constructor(
    private readonly events: DomainEvents,
    private readonly registry: CacheInvalidationRegistry,
    @Inject(RESPONSE_STORE) private readonly store: ResponseStore,
    @Inject(INVALIDATION_OUTBOX) private readonly outbox: InvalidationOutbox | null,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() @Inject(CACHE_METRICS) private readonly metrics?: CacheMetrics,
    @Optional() private readonly replicas?: ReadReplicas,
  ) {}

  onModuleInit(): void {
    this.events.useTransactionHook((manager, staged) => this.record(manager, staged));
    if (this.outbox) this.scheduleRelay();
  }

  /** The last acknowledgements, while the database pool is still open. */
  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    clearTimeout(this.relayTimer);
    const applied = this.applied.splice(0);
    if (this.outbox && applied.length > 0) await this.outbox.acknowledgeAndCount(applied).catch(() => undefined);
  }

  onApplicationShutdown(): void {
    this.closing = true;
    clearTimeout(this.relayTimer);
  }

  /** The outbox as last seen by the relay (pending rows, age of the oldest). */
  backlog(): OutboxBacklog | null {
    return this.outbox ? this.backlogNow : null;
  }

  private async record(manager: EntityManager, staged: StagedEvent[]): Promise<(() => Promise<void>) | void> {
    const dependencies = this.registry.dependenciesOf(staged);
    if (dependencies.length === 0) return;
    const outbox = this.outbox;
    if (!outbox) return () => invalidateCommitted(this.store, this.replicas, dependencies);
    const id = await outbox.record(manager, dependencies);
    return () => this.applyNow(outbox, id, dependencies);
  }

  /**
   * The fast path. Whatever happens, the write answers: its data is committed. When Redis
   * cannot be reached within the wait, the gap is counted, logged and left to the outbox.
   */
  private async applyNow(outbox: InvalidationOutbox, id: string, dependencies: string[]): Promise<void> {
    const waitMs = this.config.cache.invalidationWaitMs;
    const deadline = Date.now() + waitMs;
    let failure = '';
    for (;;) {
      try {
        // Never past the write's wait: an attempt still queued then lands later, harmlessly.
        const timeoutMs = Math.max(1, Math.min(this.config.cache.invalidationTimeoutMs, deadline - Date.now()));
        await invalidateCommitted(this.store, this.replicas, dependencies, timeoutMs);
        this.applied.push(id);
        return;
      } catch (error) {
        failure = (error as Error).message;
      }
      const left = deadline - Date.now();
      if (left <= 0) break;
      await sleep(Math.min(RETRY_EVERY_MS, left));
      // Another instance's relay may have applied it (this instance alone cut off from Redis).
      if (!(await outbox.exists(id).catch(() => true))) return;
    }
    this.metrics?.invalidationDeferred();
    this.logger.warn(
      `Invalidation of ${dependencies.join(', ')} not applied within ${waitMs} ms (${failure}); answering anyway, the outbox applies it as soon as an instance reaches Redis`,
    );
  }

  private scheduleRelay(): void {
    if (this.closing) return;
    this.relayTimer = setTimeout(() => {
      void this.relay().finally(() => this.scheduleRelay());
    }, this.config.cache.outboxPollMs);
    this.relayTimer.unref();
  }

  /** One pass of the relay: rows a writer left behind (crashed, or could not reach Redis). */
  async relay(): Promise<void> {
    const outbox = this.outbox;
    if (!outbox) return;
    const applied = this.applied.splice(0);
    try {
      try {
        this.backlogNow = await outbox.acknowledgeAndCount(applied);
      } catch (error) {
        this.applied.push(...applied);
        throw error;
      }
      this.metrics?.outboxPending(this.backlogNow.pending);
      if (this.backlogNow.pending === 0) return;
      const leftovers = await applyOutbox(
        outbox,
        (dependencies) => invalidateCommitted(this.store, this.replicas, dependencies),
        relayMinAgeMs(this.config.cache.outboxPollMs),
      );
      if (leftovers > 0) this.logger.log(`Applied ${leftovers} invalidation(s) left in the outbox`);
    } catch (error) {
      this.logger.debug?.(`Outbox relay: ${(error as Error).message}`);
    }
  }
}
