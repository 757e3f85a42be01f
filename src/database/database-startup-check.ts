import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { connectionBudgetWarning, ServerFacts, timeoutWarnings } from './connection-budget';

/**
 * One query at start-up, answered in the logs: does this instance's pool still fit under
 * max_connections beside what is connected already, and does every session run under the
 * configured wait bounds (behind PgBouncer they come from the role, not from the app)?
 * A warning never stops the start: the numbers are a snapshot, and the operator decides.
 */
@Injectable()
export class DatabaseStartupCheck implements OnApplicationBootstrap {
  private readonly logger = new Logger('Database');

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    let facts: ServerFacts;
    try {
      const [row] = await this.dataSource.query<ServerFacts[]>(
        `SELECT current_setting('max_connections')::int AS "maxConnections",
                current_setting('superuser_reserved_connections')::int AS "reserved",
                (SELECT count(*)::int FROM pg_stat_activity WHERE backend_type = 'client backend') AS "inUse",
                current_setting('statement_timeout') AS "statementTimeout",
                current_setting('lock_timeout') AS "lockTimeout",
                current_setting('idle_in_transaction_session_timeout') AS "idleInTransactionTimeout"`,
      );
      facts = row;
    } catch (error) {
      this.logger.warn(`Could not read max_connections and the session's timeouts: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    const warnings = [
      connectionBudgetWarning(facts, this.config.databasePoolSize, this.config.databasePgBouncer),
      ...timeoutWarnings(facts, this.config.databaseWaits, this.config.databasePgBouncer),
    ].filter((warning): warning is string => warning !== undefined);
    for (const warning of warnings) this.logger.warn(warning);
    if (warnings.length === 0) {
      this.logger.log(
        `PostgreSQL max_connections ${facts.maxConnections} (${facts.reserved} reserved), ${facts.inUse} in use; this instance's pool: up to ${this.config.databasePoolSize}`,
      );
    }
  }
}
