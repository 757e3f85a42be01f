import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit, Optional } from '@nestjs/common';
import type { PoolConfig } from 'pg';
import type { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { METRICS_REGISTRY } from '../../metrics/metrics-registry';
import { installReadRouter } from './read-router';
import { ReplicaMonitor, ReplicaStatus } from './replica-monitor';
import { replicaMetrics } from './replica-metrics';
import { formatLsn } from './wal-lsn';
import { endOfInsertedWal, WAL_POSITION_SQL, WalPositionRow } from './wal-position';

/**
 * The read replicas of DATABASE_REPLICA_URLS: their monitor, the read router installed in the
 * app's DataSource, and the primary's WAL position for the cache's invalidations. With no
 * replica configured it does nothing at all: every read takes the primary as before, and no
 * query is added to a write.
 */
@Injectable()
export class ReadReplicas implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('ReadReplicas');
  private monitor: ReplicaMonitor | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    @Optional() @Inject(METRICS_REGISTRY) private readonly registry?: Registry,
  ) {}

  get enabled(): boolean {
    return this.config.databaseReplicas.urls.length > 0;
  }

  async onModuleInit(): Promise<void> {
    if (!this.enabled) return;
    const { urls, maxLagMs, pollMs } = this.config.databaseReplicas;
    // The same pool settings as the primary's (size, waits, statement and lock timeouts).
    const pool = (this.dataSource.options as { extra?: PoolConfig }).extra ?? {};
    const monitor = new ReplicaMonitor({
      primaryUrl: this.config.databaseUrl,
      replicaUrls: urls,
      maxLagMs,
      pollMs,
      pool,
      pgBouncer: this.config.databasePgBouncer,
    });
    this.monitor = monitor;
    installReadRouter(this.dataSource, monitor, this.registry ? replicaMetrics(this.registry, monitor) : undefined);
    await monitor.start();
    const states = monitor.statuses().map((s) => `${s.name} ${s.address} ${s.state}`);
    this.logger.log(`Read replicas: ${states.join(', ')}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.monitor?.close();
  }

  statuses(): ReplicaStatus[] {
    return this.monitor?.statuses() ?? [];
  }

  /**
   * The primary's WAL position now, for an invalidation applied after its write committed: a
   * replica that has replayed past it holds that write. Undefined without replicas (nothing
   * reads it) or when the primary does not answer: the generation then carries no position,
   * and fills of its entries read the primary, which is always safe.
   */
  async walPositionAfterCommit(): Promise<string | undefined> {
    if (!this.enabled) return undefined;
    try {
      const rows = await this.dataSource.query<WalPositionRow[]>(WAL_POSITION_SQL);
      const lsn = endOfInsertedWal(rows[0]);
      return lsn === null ? undefined : formatLsn(lsn);
    } catch (error) {
      this.logger.warn(`WAL position not read (${(error as Error).message}); the invalidation carries none, its fills read the primary`);
      return undefined;
    }
  }
}
