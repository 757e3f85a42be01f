import { Client } from 'pg';

/**
 * PostgreSQL (15+) flushes a busy backend's counts at most once a second, and the rest when the
 * backend has been idle for 10 s (PGSTAT_IDLE_INTERVAL): a reading right after the traffic misses
 * each connection's last second. Waiting this long after any activity makes a reading complete.
 */
export const STATS_FLUSH_WAIT_MS = 11_000;

/**
 * Transactions of one database from pg_stat_database (xact_commit + xact_rollback), read once
 * the counters have settled (see STATS_FLUSH_WAIT_MS), before the start and after the traffic.
 * The sampler's own queries are transactions too; they are counted and left out.
 */
export class PgTransactions {
  private ownQueries = 0;

  private constructor(
    private readonly client: Client,
    readonly database: string,
  ) {}

  static async connect(databaseUrl: string): Promise<PgTransactions> {
    const client = new Client({ connectionString: databaseUrl, application_name: 'fleet-load-test' });
    await client.connect();
    const { rows } = await client.query<{ db: string }>('SELECT current_database() AS db');
    return new PgTransactions(client, rows[0].db);
  }

  async read(): Promise<number> {
    this.ownQueries++;
    const { rows } = await this.client.query<{ n: string }>(
      'SELECT (xact_commit + xact_rollback)::text AS n FROM pg_stat_database WHERE datname = current_database()',
    );
    return Number(rows[0].n);
  }

  /** Waits for the counters to settle, then reads them, less every query this sampler made. */
  async settled(waitMs = STATS_FLUSH_WAIT_MS): Promise<number> {
    await new Promise((resolve) => setTimeout(resolve, waitMs));
    const reading = await this.read();
    return reading - this.ownQueries;
  }

  async close(): Promise<void> {
    await this.client.end().catch(() => undefined);
  }
}
