import fc from 'fast-check';
import type { RawQuery } from '../cache/cache-dependency';
import { buildCacheKey, generationKey } from '../cache/cache-key';
import { groupByHashTag } from '../cache/stores/slot-groups';
import { encodeCursor } from '../common/cursor';
import { LoadStatus } from './load-status';
import { loadListMembership, loadsInvalidations } from './loads.cache';
import type { LoadChangedEvent, LoadStatusChangedEvent } from './loads.events';

const HOUR = 3_600_000;
const ID = '6f1c1f3e-8a43-4c4e-9c57-1d2f0a7b1e01';
const cursorAt = (ms: number) => encodeCursor({ createdAt: new Date(ms), id: ID });
const resolve = (query: RawQuery) => loadListMembership.resolve(query);

function loadEvent(status: LoadStatus, createdAt: number, driverId: string | null = null): LoadChangedEvent {
  return { loadId: ID, reference: 'FRT-1', createdById: ID, status, driverId, createdAt: new Date(createdAt) };
}

const changedBy = (event: LoadChangedEvent) => loadsInvalidations['load.updated']!(event);
const movedBy = (event: LoadStatusChangedEvent) => loadsInvalidations['load.status_changed']!(event);
const meets = (a: string[], b: string[]) => a.some((key) => b.includes(key));

describe('load list dependencies', () => {
  const now = Date.parse('2026-11-20T10:30:00.000Z');

  it('keeps page 1 and lists open above on the whole status, and driver lists on the driver', () => {
    expect(resolve({ status: 'posted' })).toEqual(['loads-status:posted']);
    expect(resolve({})).toEqual(['loads-status:any']);
    expect(resolve({ status: 'posted', createdFrom: '2026-11-01T00:00:00Z' })).toEqual(['loads-status:posted']);
    expect(resolve({ driverId: ID, cursor: cursorAt(now) })).toEqual([`loads-driver:${ID}`]);
  });

  it('puts a cursor page on the intervals of hours up to its cursor, and no head dependency', () => {
    const keys = resolve({ status: 'posted', cursor: cursorAt(now - 48 * HOUR) });
    expect(keys).not.toContain('loads-status:posted');
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.length).toBeLessThanOrEqual(22);
    expect(keys.every((key) => /^loads-status:posted:\d+\.\d+$/.test(key))).toBe(true);
    // Two statuses: both families.
    const both = resolve({ status: 'assigned,in_transit', cursor: cursorAt(now - 48 * HOUR) });
    expect(both.some((k) => k.startsWith('loads-status:assigned:'))).toBe(true);
    expect(both.some((k) => k.startsWith('loads-status:in_transit:'))).toBe(true);
  });

  it("keeps a page's range dependencies, its entry and its status's head dependency in one Redis Cluster slot", () => {
    const query = { status: 'posted', cursor: cursorAt(now - 48 * HOUR), createdFrom: '2025-02-03T04:05:06Z' };
    const dependencies = resolve(query);
    expect(dependencies.length).toBeGreaterThan(10);
    const entry = buildCacheKey({ prefix: 'freight', route: '/api/loads', scope: 'shared', params: {}, query, dependency: dependencies[0] });
    const keys = [...dependencies, 'loads-status:posted'].map((d) => generationKey('freight', d));
    expect(new Set(keys).size).toBe(keys.length);
    expect(groupByHashTag([...keys, entry])).toHaveLength(1);
  });

  it('falls back to the whole status, never throws, on a query the handler answers 400', () => {
    const invalid: RawQuery[] = [
      { status: 'posted', cursor: 'not-a-cursor' },
      { status: 'posted', cursor: Buffer.from('["x","y"]').toString('base64url') },
      { status: 'posted', cursor: [cursorAt(now), cursorAt(now - HOUR)] },
      { status: 'posted', createdTo: 'yesterday' },
      { status: 'posted', createdTo: '2026-11-20T00:00:00Z', createdFrom: 'soon' },
      { status: 'posted', createdTo: '2026-11-01T00:00:00Z', createdFrom: '2026-11-02T00:00:00Z' },
    ];
    for (const query of invalid) {
      expect(resolve(query)).toEqual(['loads-status:posted']);
    }
  });

  it('a write of a new load leaves a page 2 alone, and moves page 1', () => {
    const page2 = resolve({ status: 'posted', cursor: cursorAt(now - 48 * HOUR) });
    const created = changedBy(loadEvent(LoadStatus.Posted, now));
    expect(meets(created, page2)).toBe(false);
    expect(meets(created, resolve({ status: 'posted' }))).toBe(true);
    const assigned = movedBy({
      ...loadEvent(LoadStatus.Assigned, now, ID),
      previousStatus: LoadStatus.Posted,
      driverUserId: ID,
      driverAvailabilityChanged: true,
      actorUserId: ID,
    });
    expect(meets(assigned, page2)).toBe(false);
    expect(meets(assigned, resolve({ status: 'posted' }))).toBe(true);
    expect(meets(assigned, resolve({ status: 'assigned' }))).toBe(true);
    expect(meets(assigned, resolve({ driverId: ID }))).toBe(true);
  });

  it('a write of a load clears every bounded list of its statuses whose created_at range holds it, and none whose hours it is outside', () => {
    const minute = 60_000;
    const base = Date.parse('2025-01-01T00:00:00Z');
    const instant = fc.integer({ min: 0, max: 2 * 365 * 24 * 60 }).map((m) => base + m * minute);
    const statuses = fc.constantFrom(...Object.values(LoadStatus));
    fc.assert(
      fc.property(
        fc.record({
          cursor: fc.option(instant, { nil: undefined }),
          createdTo: fc.option(instant, { nil: undefined }),
          createdFrom: fc.option(instant, { nil: undefined }),
          filter: fc.option(statuses, { nil: undefined }),
          loadAt: instant,
          from: statuses,
          to: statuses,
        }),
        ({ cursor, createdTo, createdFrom, filter, loadAt, from, to }) => {
          const uppers = [cursor, createdTo].filter((v): v is number => v !== undefined);
          fc.pre(uppers.length > 0 && (createdFrom === undefined || createdFrom <= Math.min(...uppers)));
          const query: Record<string, string> = {};
          if (filter) query.status = filter;
          if (cursor !== undefined) query.cursor = cursorAt(cursor);
          if (createdTo !== undefined) query.createdTo = new Date(createdTo).toISOString();
          if (createdFrom !== undefined) query.createdFrom = new Date(createdFrom).toISOString();
          const page = resolve(query);
          const write = movedBy({
            ...loadEvent(to, loadAt),
            previousStatus: from,
            driverUserId: null,
            driverAvailabilityChanged: false,
            actorUserId: ID,
          });
          const upper = Math.min(...uppers);
          const ofPage = filter === undefined || filter === from || filter === to;
          const inRange = loadAt <= upper && (createdFrom === undefined || loadAt >= createdFrom);
          const hour = Math.floor(loadAt / HOUR);
          const outsideHours = hour > Math.floor(upper / HOUR) || (createdFrom !== undefined && hour < Math.floor(createdFrom / HOUR));
          if (ofPage && inRange) expect(meets(write, page)).toBe(true);
          if (!ofPage || outsideHours) expect(meets(write, page)).toBe(false);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
