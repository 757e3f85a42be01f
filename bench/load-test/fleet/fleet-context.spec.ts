import { FleetContext, loadEntity, observeDrivers, observeLoads, positionEntity, positionKey } from './fleet-context';
import { FleetHttp } from './fleet-http';
import { FreshnessLedger } from './freshness';
import { FleetTally } from './route-tally';

function context(): FleetContext {
  return {
    http: new FleetHttp('http://127.0.0.1:1', 1000),
    tally: new FleetTally(),
    ledger: new FreshnessLedger(),
    endAt: 0,
    recentLoads: [],
    reportsByDriver: new Map(),
  };
}

const row = (status: string) => ({ id: 'L1', status, driverId: null, updatedAt: '2026-11-25T18:00:00.000Z' });
const after = { startedAt: 200, endedAt: 210 };

describe('observeLoads', () => {
  it('counts a status-filtered list that still lists a load which left the filter, even with a fresh row', () => {
    const ctx = context();
    ctx.ledger.recordWrite(loadEntity('L1'), 'posted', 0, 10);
    ctx.ledger.recordWrite(loadEntity('L1'), 'assigned', 100, 110);
    observeLoads(ctx, 'loadsByStatus', [row('assigned')], after, ['posted']);
    observeLoads(ctx, 'loadsByStatus', [row('assigned')], after, ['assigned', 'in_transit']);
    observeLoads(ctx, 'loadDetail', [row('posted')], after);
    const [list, detail] = ctx.tally.summaries(1);
    expect([list.freshnessChecks, list.staleReads]).toEqual([2, 1]);
    expect([detail.freshnessChecks, detail.staleReads]).toEqual([1, 1]);
    expect(ctx.tally.problems[0]).toContain('showed load L1 as posted, expected assigned');
  });

  it('leaves loads no writer touched alone', () => {
    const ctx = context();
    observeLoads(ctx, 'loadsByStatus', [row('posted')], after, ['posted']);
    expect(ctx.tally.summaries(1)).toEqual([]);
  });
});

describe('observeDrivers', () => {
  it('judges availability exactly and the position only against its 60 s bound', () => {
    const ctx = context();
    ctx.ledger.recordWrite(positionEntity('D1'), positionKey({ lat: 1, lng: 2 }), 0, 10);
    ctx.ledger.recordWrite(positionEntity('D1'), positionKey({ lat: 1.00001, lng: 2 }), 1_000, 1_010);
    const driver = { id: 'D1', userId: 'U1', isAvailable: true, location: { lat: 1, lng: 2, updatedAt: '' } };
    observeDrivers(ctx, 'availableDrivers', [driver], { startedAt: 60_500, endedAt: 60_510 }, true);
    observeDrivers(ctx, 'availableDrivers', [driver], { startedAt: 61_020, endedAt: 61_030 }, true);
    const [drivers] = ctx.tally.summaries(1);
    expect([drivers.positionChecks, drivers.positionViolations]).toEqual([2, 1]);
    expect(drivers.staleReads).toBe(0);
  });
});
