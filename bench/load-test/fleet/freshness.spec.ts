import { FreshnessLedger } from './freshness';

const LOAD = 'load:1';

/** A load created at 0-10, assigned at 100-110 (times in ms on the ledger's clock). */
function ledgerWithAssign(): FreshnessLedger {
  const ledger = new FreshnessLedger();
  ledger.recordWrite(LOAD, 'posted', 0, 10);
  ledger.recordWrite(LOAD, 'assigned', 100, 110);
  return ledger;
}

describe('FreshnessLedger.judge (exact)', () => {
  it('counts a read that started after the write answered and shows the old version as stale', () => {
    const verdict = ledgerWithAssign().judge(LOAD, 'posted', { startedAt: 111, endedAt: 115 });
    expect(verdict).toEqual({ kind: 'stale', expected: 'assigned', observed: 'posted' });
  });

  it('accepts the old version from a read that started before the write answered', () => {
    const ledger = ledgerWithAssign();
    expect(ledger.judge(LOAD, 'posted', { startedAt: 105, endedAt: 130 })).toEqual({ kind: 'fresh' });
    expect(ledger.judge(LOAD, 'posted', { startedAt: 110, endedAt: 130 }).kind).toBe('stale');
  });

  it('accepts the new version, and a later write that was in flight while the read ran', () => {
    const ledger = ledgerWithAssign();
    ledger.recordWrite(LOAD, 'in_transit', 200, 260);
    expect(ledger.judge(LOAD, 'assigned', { startedAt: 150, endedAt: 160 })).toEqual({ kind: 'fresh' });
    expect(ledger.judge(LOAD, 'in_transit', { startedAt: 210, endedAt: 220 })).toEqual({ kind: 'fresh' });
    // The pickup was sent after this read's response arrived: the read cannot have seen it.
    expect(ledger.judge(LOAD, 'in_transit', { startedAt: 150, endedAt: 160 }).kind).toBe('stale');
  });

  it('judges a row of a status-filtered list by the statuses the list claims it has', () => {
    const ledger = ledgerWithAssign();
    expect(ledger.judge(LOAD, ['posted'], { startedAt: 120, endedAt: 125 }).kind).toBe('stale');
    expect(ledger.judge(LOAD, ['assigned', 'in_transit'], { startedAt: 120, endedAt: 125 })).toEqual({ kind: 'fresh' });
  });

  it('accepts a version whose write is still in flight, and never requires one that failed', () => {
    const ledger = ledgerWithAssign();
    const answered = ledger.begin(LOAD, 'in_transit', 200);
    // The pickup committed and a read saw it before the pickup's response reached the writer.
    expect(ledger.judge(LOAD, 'in_transit', { startedAt: 205, endedAt: 210 })).toEqual({ kind: 'fresh' });
    expect(ledger.judge(LOAD, 'assigned', { startedAt: 205, endedAt: 210 })).toEqual({ kind: 'fresh' });
    answered(220);
    expect(ledger.judge(LOAD, 'assigned', { startedAt: 221, endedAt: 230 }).kind).toBe('stale');
    ledger.begin(LOAD, 'delivered', 300);
    expect(ledger.judge(LOAD, 'in_transit', { startedAt: 400, endedAt: 410 })).toEqual({ kind: 'fresh' });
  });

  it('counts the state from before the first tracked write as older', () => {
    const ledger = new FreshnessLedger();
    ledger.recordWrite('driver:7', 'busy', 0, 10);
    expect(ledger.judge('driver:7', 'available', { startedAt: 20, endedAt: 30 }).kind).toBe('stale');
  });

  it('does not judge an entity nobody wrote, nor a read before any write answered', () => {
    const ledger = ledgerWithAssign();
    expect(ledger.judge('load:2', 'posted', { startedAt: 500, endedAt: 510 })).toEqual({ kind: 'unconstrained' });
    expect(ledger.judge(LOAD, 'cancelled', { startedAt: 5, endedAt: 8 })).toEqual({ kind: 'unconstrained' });
  });
});

describe('FreshnessLedger.judge (bounded)', () => {
  it('allows data up to the bound old and counts anything older', () => {
    const ledger = new FreshnessLedger();
    ledger.recordWrite('position:7', 'a', 0, 10);
    ledger.recordWrite('position:7', 'b', 1_000, 1_010);
    const bound = { toleranceMs: 60_000 };
    expect(ledger.judge('position:7', 'a', { startedAt: 61_000, endedAt: 61_005 }, bound)).toEqual({ kind: 'fresh' });
    expect(ledger.judge('position:7', 'a', { startedAt: 61_011, endedAt: 61_015 }, bound).kind).toBe('stale');
  });
});

describe('FreshnessLedger.judgeFirstPage', () => {
  it('counts a first page that misses an item written before the read started', () => {
    const ledger = new FreshnessLedger();
    ledger.expectItem('notifications:u', 'L1:load_assigned', 0, 10);
    expect(ledger.judgeFirstPage('notifications:u', ['L0:load_assigned'], 20, { startedAt: 11, endedAt: 20 }).kind).toBe('stale');
    expect(ledger.judgeFirstPage('notifications:u', ['L1:load_assigned'], 20, { startedAt: 11, endedAt: 20 })).toEqual({ kind: 'fresh' });
  });

  it('does not require an item whose write had not answered when the read started', () => {
    const ledger = new FreshnessLedger();
    ledger.expectItem('notifications:u', 'L1:load_assigned', 0, 10);
    expect(ledger.judgeFirstPage('notifications:u', [], 20, { startedAt: 9, endedAt: 20 })).toEqual({ kind: 'unconstrained' });
  });

  it('counts an item still in flight as one that may push older ones off the page', () => {
    const ledger = new FreshnessLedger();
    ledger.expectItem('n', 'L1:status', 0, 1);
    ledger.expectItem('n', 'L2:status', 2, 3);
    ledger.beginItem('n', 'L3:status', 4);
    // A page of 2 holding L3 (committed, its response not back yet) and L2: L1 is on page 2.
    expect(ledger.judgeFirstPage('n', ['L3:status', 'L2:status'], 2, { startedAt: 5, endedAt: 6 })).toEqual({ kind: 'fresh' });
    expect(ledger.judgeFirstPage('n', ['L3:status', 'L1:status'], 2, { startedAt: 5, endedAt: 6 }).kind).toBe('stale');
  });

  it('counts repeated keys and forgives items that newer ones may have pushed off the page', () => {
    const ledger = new FreshnessLedger();
    ledger.expectItem('n', 'L1:status', 0, 1);
    ledger.expectItem('n', 'L1:status', 2, 3);
    ledger.expectItem('n', 'L2:status', 4, 5);
    expect(ledger.judgeFirstPage('n', ['L1:status', 'L2:status'], 20, { startedAt: 6, endedAt: 7 }).kind).toBe('stale');
    // A page of 2: only the two newest are owed, and they are there.
    expect(ledger.judgeFirstPage('n', ['L2:status', 'L1:status'], 2, { startedAt: 6, endedAt: 7 })).toEqual({ kind: 'fresh' });
  });
});

describe('FreshnessLedger.judgeAtLeast', () => {
  it('needs the baseline plus the increments settled before the read, less the bound', () => {
    const ledger = new FreshnessLedger();
    ledger.recordIncrement('created', 10);
    ledger.recordIncrement('created', 70_000);
    const bound = { toleranceMs: 60_000 };
    expect(ledger.judgeAtLeast('created', 100, 100, { startedAt: 50_000, endedAt: 50_010 }, bound)).toEqual({ kind: 'unconstrained' });
    expect(ledger.judgeAtLeast('created', 100, 100, { startedAt: 60_011, endedAt: 60_020 }, bound).kind).toBe('stale');
    expect(ledger.judgeAtLeast('created', 101, 100, { startedAt: 60_011, endedAt: 60_020 }, bound)).toEqual({ kind: 'fresh' });
  });
});
