import { Global, Injectable, Module } from '@nestjs/common';
import { EventEmitter2, OnEvent } from '@nestjs/event-emitter';
import { DataSource, EntityManager } from 'typeorm';

/**
 * Every domain event's name and payload. Each feature adds its own events to this map from
 * its *.events.ts file (declaration merging), so this file imports no feature and a payload
 * can never be sent under the wrong name.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by the features
export interface DomainEventMap {}

export type DomainEventName = keyof DomainEventMap;

export interface StagedEvent<K extends DomainEventName = DomainEventName> {
  name: K;
  payload: DomainEventMap[K];
}

/** What a write stages inside its transaction; published after the commit, never before. */
export interface EventStage {
  emit<K extends DomainEventName>(name: K, payload: DomainEventMap[K]): void;
}

/**
 * Runs inside a write's transaction, after its work and before the commit, with every event the
 * write staged; may return what to do once the commit succeeded. The response cache records
 * its invalidation intent here (a transactional outbox), so a commit can never happen without it.
 */
export type TransactionHook = (manager: EntityManager, events: StagedEvent[]) => Promise<(() => Promise<void>) | void>;

/**
 * Runs inside every write's transaction, after its work and before the commit, with the value
 * the work returned, events or not; may return what to do once the commit succeeded. An
 * idempotent request records its response here, so the write and its record commit together;
 * this is why writes return their response DTO from inside the transaction.
 */
export type TransactionResultHook = (manager: EntityManager, result: unknown) => Promise<(() => void) | void>;

/**
 * The one way services write and publish: `transaction(work)` runs the work in one database
 * transaction, lets the hooks record what they need in it, commits, then runs the hooks'
 * after-commit steps and the listeners (awaited), so both are done before the response leaves.
 */
@Injectable()
export class DomainEvents {
  private readonly hooks: TransactionHook[] = [];
  private readonly resultHooks: TransactionResultHook[] = [];

  constructor(
    private readonly dataSource: DataSource,
    private readonly emitter: EventEmitter2,
  ) {}

  useTransactionHook(hook: TransactionHook): void {
    this.hooks.push(hook);
  }

  useTransactionResultHook(hook: TransactionResultHook): void {
    this.resultHooks.push(hook);
  }

  async transaction<T>(work: (manager: EntityManager, events: EventStage) => Promise<T>): Promise<T> {
    const staged: StagedEvent[] = [];
    const stage: EventStage = {
      emit: (name, payload) => {
        staged.push({ name, payload });
      },
    };
    const afterCommit: Array<() => Promise<void>> = [];
    const committed: Array<() => void> = [];
    const result = await this.dataSource.transaction(async (manager) => {
      const value = await work(manager, stage);
      if (staged.length > 0) {
        for (const hook of this.hooks) {
          const then = await hook(manager, staged);
          if (then) afterCommit.push(then);
        }
      }
      for (const hook of this.resultHooks) {
        const then = await hook(manager, value);
        if (then) committed.push(then);
      }
      return value;
    });
    for (const then of committed) then();
    for (const then of afterCommit) await then();
    for (const event of staged) await this.emitter.emitAsync(event.name, event.payload);
    return result;
  }
}

// async: false + promisify: transaction() awaits the listeners, so what they write (a
// notification, say) exists by the time the mutation answers.
const AWAITED = { async: false, promisify: true } as const;

/** A listener of one domain event, its payload type checked against DomainEventMap. */
export function OnDomainEvent<K extends DomainEventName>(name: K) {
  return OnEvent(name, AWAITED) as <T>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<T & ((payload: DomainEventMap[K]) => Promise<void> | void)>,
  ) => void;
}

/** Provides DomainEvents everywhere; EventEmitterModule.forRoot() is imported by AppModule. */
@Global()
@Module({ providers: [DomainEvents], exports: [DomainEvents] })
export class DomainEventsModule {}
