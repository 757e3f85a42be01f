import { IllegalLoadMoveError, LoadLifecycle, LoadMove } from './load-lifecycle';
import { LoadStatus } from './load-status';

const ALL_STATUSES = Object.values(LoadStatus);

describe('LoadLifecycle', () => {
  const legal: Array<[LoadStatus, LoadMove, LoadStatus]> = [
    [LoadStatus.Posted, LoadMove.Assign, LoadStatus.Assigned],
    [LoadStatus.Assigned, LoadMove.Pickup, LoadStatus.InTransit],
    [LoadStatus.InTransit, LoadMove.Deliver, LoadStatus.Delivered],
    [LoadStatus.Posted, LoadMove.Cancel, LoadStatus.Cancelled],
    [LoadStatus.Assigned, LoadMove.Cancel, LoadStatus.Cancelled],
  ];

  it.each(legal)('%s --%s--> %s', (from, move, to) => {
    expect(LoadLifecycle.canMove(from, move)).toBe(true);
    expect(LoadLifecycle.next(from, move)).toBe(to);
  });

  const illegal = Object.values(LoadMove).flatMap((move) =>
    ALL_STATUSES.filter((from) => !legal.some(([f, m]) => f === from && m === move)).map((from) => [from, move] as const),
  );

  it('rejects every other combination (15 of them)', () => {
    expect(illegal).toHaveLength(15);
  });

  it.each(illegal)('rejects %s --%s', (from, move) => {
    expect(LoadLifecycle.canMove(from, move)).toBe(false);
    expect(() => LoadLifecycle.next(from, move)).toThrow(IllegalLoadMoveError);
    expect(() => LoadLifecycle.next(from, move)).toThrow(new RegExp(`a load that is ${from}$`));
  });

  it('words the refusal for a person', () => {
    expect(() => LoadLifecycle.next(LoadStatus.Posted, LoadMove.Deliver)).toThrow('Cannot deliver a load that is posted');
    expect(() => LoadLifecycle.next(LoadStatus.Delivered, LoadMove.Pickup)).toThrow('Cannot pick up a load that is delivered');
  });

  it('treats delivered and cancelled as final', () => {
    for (const move of Object.values(LoadMove)) {
      expect(LoadLifecycle.canMove(LoadStatus.Delivered, move)).toBe(false);
      expect(LoadLifecycle.canMove(LoadStatus.Cancelled, move)).toBe(false);
    }
  });

  it('holds a driver only while assigned or in transit', () => {
    expect(ALL_STATUSES.filter((s) => LoadLifecycle.holdsDriver(s))).toEqual([LoadStatus.Assigned, LoadStatus.InTransit]);
  });

  it('allows update and delete only while posted', () => {
    expect(() => LoadLifecycle.assertEditable(LoadStatus.Posted, 'update')).not.toThrow();
    for (const status of ALL_STATUSES.filter((s) => s !== LoadStatus.Posted)) {
      expect(() => LoadLifecycle.assertEditable(status, 'delete')).toThrow(`Cannot delete a load that is ${status}`);
    }
  });
});
