import type { DatabaseWaits } from '../config/app-config';

/** What PostgreSQL says at start-up (DatabaseStartupCheck); timeouts as SHOW prints them ("5s", "0"). */
export interface ServerFacts {
  maxConnections: number;
  /** superuser_reserved_connections: slots the app's role cannot use. */
  reserved: number;
  /** Client connections open now, this instance's first ones included. */
  inUse: number;
  statementTimeout: string;
  lockTimeout: string;
  idleInTransactionTimeout: string;
}

/**
 * N instances x DB_POOL_SIZE must stay under max_connections - superuser_reserved_connections.
 * An instance cannot count the others, but it can see what is connected: when its own pool,
 * filled, would not fit beside that, the next instance (or a burst) gets "too many clients".
 * Behind PgBouncer the app's pool is PgBouncer's client side; the budget is PgBouncer's
 * default_pool_size, so nothing is said.
 */
export function connectionBudgetWarning(facts: ServerFacts, poolSize: number, pgBouncer: boolean): string | undefined {
  if (pgBouncer) return undefined;
  const usable = facts.maxConnections - facts.reserved;
  // The check's own connection is one of the pool's, already counted in inUse.
  const needed = facts.inUse - 1 + poolSize;
  if (needed <= usable) return undefined;
  return (
    `Connection budget: ${facts.inUse} connections are open and this instance's pool may open up to ${poolSize} (DB_POOL_SIZE), ` +
    `over the ${usable} PostgreSQL allows (max_connections ${facts.maxConnections} - ${facts.reserved} reserved). ` +
    `Keep instances x DB_POOL_SIZE under it, raise max_connections, or put PgBouncer in transaction mode in front (DB_PGBOUNCER=true)`
  );
}

/** PostgreSQL's SHOW form of a duration in milliseconds ("0" when off). */
function asMs(value: string): number {
  const match = /^(\d+)\s*(ms|s|min|h|d)?$/.exec(value.trim());
  if (!match) return NaN;
  const unit = { ms: 1, s: 1000, min: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] ?? 'ms'] ?? 1;
  return Number(match[1]) * unit;
}

/**
 * The wait bounds come with each connection's start-up message, except behind PgBouncer, which
 * refuses them: there the role must carry them (ALTER ROLE ... SET), or waits are unbounded.
 */
export function timeoutWarnings(facts: ServerFacts, waits: DatabaseWaits, pgBouncer: boolean): string[] {
  const expected: Array<[name: string, actual: string, wantedMs: number]> = [
    ['statement_timeout', facts.statementTimeout, waits.statementTimeoutMs],
    ['lock_timeout', facts.lockTimeout, waits.lockTimeoutMs],
    ['idle_in_transaction_session_timeout', facts.idleInTransactionTimeout, waits.idleInTransactionTimeoutMs],
  ];
  const off = expected.filter(([, actual, wantedMs]) => asMs(actual) !== wantedMs);
  if (off.length === 0) return [];
  const fix = off.map(([name, , wantedMs]) => `ALTER ROLE <app role> SET ${name} = '${wantedMs}ms';`).join(' ');
  const where = pgBouncer ? 'Behind PgBouncer (DB_PGBOUNCER) they come from the role: ' : 'Something overrides the start-up parameters: ';
  return [`Sessions run with ${off.map(([name, actual]) => `${name}=${actual}`).join(', ')}, not the configured bounds. ${where}${fix}`];
}
