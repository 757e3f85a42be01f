import { Logger } from '@nestjs/common';
import { Pool, PoolConfig } from 'pg';
import { PrimaryPositions } from './primary-positions';
import type { ReadTarget } from './read-target';
import { formatLsn, parseLsn } from './wal-lsn';
import { endOfInsertedWal, WAL_POSITION_SQL, WalPositionRow } from './wal-position';

/**
 * - starting: not polled successfully yet
 * - in-rotation: answers, is a standby, and lags at most DATABASE_REPLICA_MAX_LAG_MS
 * - lagging: answers, but further behind than that
 * - down: its last poll or connection failed
 * - not-a-replica: answers but is not in recovery (promoted): it may have diverged, never read
 */
export type ReplicaState = 'starting' | 'in-rotation' | 'lagging' | 'down' | 'not-a-replica';

export interface ReplicaStatus {
  name: string;
  /** host:port/database, without credentials. */
  address: string;
  state: ReplicaState;
  /** How far behind the primary it is, in ms (at least this when beyond what is kept); null before the first polls. */
  lagMs: number | null;
  replayLsn: string | null;
  error?: string;
}

/** Why a read went to the primary; or the kind of read a replica served. */
export type PrimaryReason = 'unscoped' | 'no-lsn' | 'not-caught-up' | 'none-in-rotation' | 'fallback';

export interface ReplicaMonitorOptions {
  primaryUrl: string;
  replicaUrls: string[];
  maxLagMs: number;
  pollMs: number;
  /** The primary pool's settings (size, waits, application_name): each replica gets a pool like it. */
  pool: PoolConfig;
  /** DB_PGBOUNCER: PgBouncer refuses start-up parameters such as statement_timeout. */
  pgBouncer?: boolean;
}

/** One standby: a pool for reads, a one-connection pool for polling, and what the last poll saw. */
export class Replica {
  replayed: bigint | null = null;
  inRecovery = true;
  polledOnce = false;
  error: string | undefined;
  /** Moves on every failure: a poll that started before one must not bring the replica back. */
  epoch = 0;

  constructor(
    readonly name: string,
    readonly address: string,
    readonly reads: Pool,
    readonly probe: Pool,
  ) {}
}

function addressOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
}

const CLOSE_WAIT_MS = 5000;

const REPLAY_SQL = 'SELECT pg_last_wal_replay_lsn()::text AS lsn, pg_is_in_recovery() AS recovering';

/**
 * Polls the primary's WAL position and each replica's replay position every pollMs, in memory,
 * and answers, for a read, which replica may serve it now. One poll query per server per
 * interval on a connection of its own, so a busy read pool never delays the figures.
 */
export class ReplicaMonitor {
  private readonly logger = new Logger('ReadReplicas');
  readonly replicas: Replica[];
  private readonly primaryProbe: Pool;
  private readonly positions: PrimaryPositions;
  private readonly probeTimeoutMs: number;
  private timer: NodeJS.Timeout | undefined;
  private closing = false;
  private nextReplica = 0;

  constructor(private readonly options: ReplicaMonitorOptions) {
    this.probeTimeoutMs = Math.max(1000, 3 * options.pollMs);
    // Long enough to report a paused replica's lag well past the rotation bound.
    this.positions = new PrimaryPositions(Math.max(2 * options.maxLagMs, 60_000));
    this.primaryProbe = this.probePool(options.primaryUrl);
    this.replicas = options.replicaUrls.map((url, i) => {
      const replica = new Replica(`replica-${i + 1}`, addressOf(url), new Pool({ ...options.pool, connectionString: url }), this.probePool(url));
      // An idle read connection the replica dropped (it stopped or restarted): out of rotation
      // now, back once a poll succeeds, which also reads its replay position afresh.
      replica.reads.on('error', (error) => this.markDown(replica, error.message));
      replica.probe.on('error', (error) => this.markDown(replica, error.message));
      return replica;
    });
    this.primaryProbe.on('error', () => undefined);
  }

  /** Runs the first poll (so the app starts knowing each replica's state), then one every pollMs. */
  async start(): Promise<void> {
    await this.poll();
    this.schedule();
  }

  async close(): Promise<void> {
    this.closing = true;
    clearTimeout(this.timer);
    // pool.end() waits for checked-out clients; a read stuck on a frozen replica must not hold shutdown.
    const ended = Promise.all(
      [this.primaryProbe, ...this.replicas.flatMap((r) => [r.reads, r.probe])].map((pool) => pool.end().catch(() => undefined)),
    );
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([ended, new Promise((resolve) => (timer = setTimeout(resolve, CLOSE_WAIT_MS)))]);
    clearTimeout(timer);
  }

  statuses(now = Date.now()): ReplicaStatus[] {
    return this.replicas.map((replica) => {
      const lagMs = this.lagOf(replica, now);
      return {
        name: replica.name,
        address: replica.address,
        state: this.stateOf(replica, lagMs),
        lagMs,
        replayLsn: replica.replayed === null ? null : formatLsn(replica.replayed),
        ...(replica.error ? { error: replica.error } : {}),
      };
    });
  }

  /**
   * The replica a read may use now, round robin among those that qualify, or why none does.
   * A fill qualifies a replica that has replayed past minLsn (so it holds the write whose
   * invalidation made the entry's newest generation); a bounded read, one within its lag.
   */
  choose(target: ReadTarget, now = Date.now()): Replica | PrimaryReason {
    if (target.kind === 'fill' && target.minLsn === null) return 'no-lsn';
    let inRotation = 0;
    for (let n = 0; n < this.replicas.length; n++) {
      const replica = this.replicas[(this.nextReplica + n) % this.replicas.length];
      const lagMs = this.lagOf(replica, now);
      if (this.stateOf(replica, lagMs) !== 'in-rotation') continue;
      inRotation++;
      const qualifies = target.kind === 'fill' ? replica.replayed! >= target.minLsn! : lagMs! <= target.maxLagMs;
      if (qualifies) {
        this.nextReplica = (this.nextReplica + n + 1) % this.replicas.length;
        return replica;
      }
    }
    return inRotation === 0 ? 'none-in-rotation' : 'not-caught-up';
  }

  /** A read could not get a connection: out of rotation until a poll succeeds. */
  markDown(replica: Replica, reason: string): void {
    if (this.closing) return;
    if (!replica.error) this.logger.warn(`${replica.name} (${replica.address}) out of rotation: ${reason}`);
    replica.error = reason;
    replica.epoch++;
  }

  private stateOf(replica: Replica, lagMs: number | null): ReplicaState {
    if (replica.error) return 'down';
    if (!replica.polledOnce) return 'starting';
    if (!replica.inRecovery) return 'not-a-replica';
    if (replica.replayed === null || lagMs === null) return 'starting';
    return lagMs > this.options.maxLagMs ? 'lagging' : 'in-rotation';
  }

  private lagOf(replica: Replica, now: number): number | null {
    return replica.replayed === null ? null : this.positions.lagMs(replica.replayed, now);
  }

  private schedule(): void {
    if (this.closing) return;
    this.timer = setTimeout(() => {
      void this.poll().finally(() => this.schedule());
    }, this.options.pollMs);
    this.timer.unref();
  }

  private async poll(): Promise<void> {
    await Promise.all([this.samplePrimary(), ...this.replicas.map((replica) => this.pollReplica(replica))]);
  }

  private async samplePrimary(): Promise<void> {
    // Taken before the query is sent: the position read is at least the one at this instant.
    const at = Date.now();
    try {
      const { rows } = await this.primaryProbe.query<WalPositionRow>(WAL_POSITION_SQL);
      const lsn = endOfInsertedWal(rows[0]);
      if (lsn !== null) this.positions.record(at, lsn);
    } catch (error) {
      // No new sample: every replica's lag grows, and they leave the rotation after maxLagMs.
      this.logger.debug?.(`Primary WAL position not read: ${(error as Error).message}`);
    }
  }

  private async pollReplica(replica: Replica): Promise<void> {
    const epoch = replica.epoch;
    try {
      const { rows } = await replica.probe.query<{ lsn: string | null; recovering: boolean }>(REPLAY_SQL);
      if (replica.epoch !== epoch) return;
      // Replay only moves forward while the server runs; after a restart the position is read
      // afresh (the failure in between took it out of rotation), so it is taken as it comes.
      replica.replayed = parseLsn(rows[0].lsn);
      replica.inRecovery = rows[0].recovering;
      replica.polledOnce = true;
      if (replica.error) this.logger.log(`${replica.name} (${replica.address}) answers again`);
      replica.error = undefined;
    } catch (error) {
      this.markDown(replica, (error as Error).message);
    }
  }

  private probePool(url: string): Pool {
    return new Pool({
      connectionString: url,
      max: 1,
      application_name: 'freight-api-replica-monitor',
      connectionTimeoutMillis: this.probeTimeoutMs,
      // Client-side too: a frozen server never answers a server-side timeout.
      query_timeout: this.probeTimeoutMs,
      // Behind PgBouncer the client-side bound alone: it refuses the start-up parameter.
      ...(this.options.pgBouncer ? {} : { statement_timeout: this.probeTimeoutMs }),
    });
  }
}
