import { connectionBudgetWarning, ServerFacts, timeoutWarnings } from './connection-budget';

const facts = (overrides: Partial<ServerFacts> = {}): ServerFacts => ({
  maxConnections: 100,
  reserved: 3,
  inUse: 21,
  statementTimeout: '5s',
  lockTimeout: '2s',
  idleInTransactionTimeout: '10s',
  ...overrides,
});
const waits = { poolWaitMs: 2000, statementTimeoutMs: 5000, lockTimeoutMs: 2000, idleInTransactionTimeoutMs: 10_000 };

describe('connection budget', () => {
  it('is quiet while the open connections plus this pool fit under max_connections - reserved', () => {
    // Two instances of 10 are connected (this one's first connection among them): 20 + 10 <= 97.
    expect(connectionBudgetWarning(facts(), 10, false)).toBeUndefined();
    expect(connectionBudgetWarning(facts({ inUse: 88 }), 10, false)).toBeUndefined();
  });

  it('warns when this pool, filled, would not fit, with the numbers and the ways out', () => {
    const warning = connectionBudgetWarning(facts({ inUse: 89 }), 10, false);
    expect(warning).toMatch(/89 connections are open and this instance's pool may open up to 10 .* over the 97 PostgreSQL allows/);
    expect(warning).toMatch(/DB_PGBOUNCER=true/);
  });

  it('says nothing behind PgBouncer, whose own pool is the budget', () => {
    expect(connectionBudgetWarning(facts({ inUse: 99 }), 10, true)).toBeUndefined();
  });
});

describe('session timeouts', () => {
  it('accepts the bounds in any unit PostgreSQL prints', () => {
    expect(timeoutWarnings(facts(), waits, false)).toEqual([]);
    expect(timeoutWarnings(facts({ statementTimeout: '5000ms', idleInTransactionTimeout: '10000ms' }), waits, true)).toEqual([]);
  });

  it('names what differs and the ALTER ROLE that fixes it behind PgBouncer', () => {
    const [warning] = timeoutWarnings(facts({ statementTimeout: '0', lockTimeout: '0' }), waits, true);
    expect(warning).toMatch(/statement_timeout=0, lock_timeout=0/);
    expect(warning).toContain("ALTER ROLE <app role> SET statement_timeout = '5000ms'; ALTER ROLE <app role> SET lock_timeout = '2000ms';");
  });
});
