import { ConflictException, Global, Injectable, Logger, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainEvents } from '../common/domain-events';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { IdempotencyStore } from './idempotency.store';
import { idempotentRequests } from './idempotent-request';

// Expired records are only a matter of space (a claim ignores them), so a slow sweep is enough.
const SWEEP_INTERVAL_MS = 10 * 60 * 1000;

/**
 * Completes an idempotent request's record inside its write's transaction, and sweeps records
 * past their retention.
 */
@Injectable()
class IdempotencyLifecycle implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Idempotency');
  private sweeper?: NodeJS.Timeout;

  constructor(
    private readonly events: DomainEvents,
    private readonly store: IdempotencyStore,
  ) {}

  onModuleInit(): void {
    this.events.useTransactionResultHook(async (manager, result) => {
      const idempotent = idempotentRequests.getStore();
      // Only the request's first committed write is its effect; a listener's later transaction is not.
      if (!idempotent || idempotent.recordedBody !== undefined || result === undefined) return;
      const body = JSON.stringify(result);
      if (!(await this.store.complete(idempotent.claim, idempotent.status, body, manager))) {
        // The claim expired and another request took the key: this write must not commit twice.
        throw new ConflictException('This Idempotency-Key was taken over by another request; retry to get its result');
      }
      return () => {
        idempotent.recordedBody = body;
      };
    });
    this.sweeper = setInterval(() => void this.sweep(), SWEEP_INTERVAL_MS);
    this.sweeper.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweeper);
  }

  private async sweep(): Promise<void> {
    try {
      const deleted = await this.store.sweep();
      if (deleted > 0) this.logger.log(`Deleted ${deleted} expired Idempotency-Key records`);
    } catch (error) {
      this.logger.warn(`Idempotency-Key sweep failed; the next one retries: ${String(error)}`);
    }
  }
}

/**
 * Global: @Idempotent() attaches IdempotencyInterceptor to routes in any feature module, and
 * Nest builds a route's interceptor in that module, where IdempotencyStore must resolve.
 */
@Global()
@Module({
  providers: [
    {
      provide: IdempotencyStore,
      inject: [DataSource, APP_CONFIG],
      useFactory: (dataSource: DataSource, config: AppConfig) => new IdempotencyStore(dataSource, config.idempotency),
    },
    IdempotencyLifecycle,
  ],
  exports: [IdempotencyStore],
})
export class IdempotencyModule {}
