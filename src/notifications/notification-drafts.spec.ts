import type { LoadStatusChangedEvent } from '../loads/loads.events';
import { LoadStatus } from '../loads/load-status';
import { draftsForLoadAssigned, draftsForLoadStatusChanged, recipientsOf } from './notification-drafts';
import { NotificationType } from './notification.entity';

const base: LoadStatusChangedEvent = {
  loadId: '6f1c1f3e-8a43-4c4e-9c57-1d2f0a7b1e01',
  reference: 'FRT-261101-0001',
  createdById: 'c0a80121-7ac0-4e1c-9f3a-0d3b1f0e0001',
  createdAt: new Date('2026-11-01T08:00:00.000Z'),
  previousStatus: LoadStatus.Posted,
  status: LoadStatus.Assigned,
  driverId: 'd0a80121-7ac0-4e1c-9f3a-0d3b1f0e0002',
  driverUserId: 'e0a80121-7ac0-4e1c-9f3a-0d3b1f0e0003',
  driverAvailabilityChanged: true,
  actorUserId: 'c0a80121-7ac0-4e1c-9f3a-0d3b1f0e0001',
};

describe('notification drafts', () => {
  it('tells the assigned driver and the load creator about an assignment', () => {
    const drafts = draftsForLoadAssigned(base);
    expect(drafts).toEqual([
      {
        userId: base.driverUserId,
        type: NotificationType.LoadAssigned,
        title: 'New load assigned',
        message: 'You have been assigned load FRT-261101-0001',
        loadId: base.loadId,
      },
      {
        userId: base.createdById,
        type: NotificationType.LoadStatusChanged,
        title: 'Load FRT-261101-0001 is assigned',
        message: 'Load FRT-261101-0001 moved from posted to assigned',
        loadId: base.loadId,
      },
    ]);
  });

  it('still tells the creator when the assignment names no driver account', () => {
    const drafts = draftsForLoadAssigned({ ...base, driverUserId: null });
    expect(drafts.map((d) => d.userId)).toEqual([base.createdById]);
  });

  it('tells only the creator about a status change, in words', () => {
    const drafts = draftsForLoadStatusChanged({ ...base, previousStatus: LoadStatus.Assigned, status: LoadStatus.InTransit });
    expect(drafts).toHaveLength(1);
    expect(drafts[0]).toMatchObject({
      userId: base.createdById,
      type: NotificationType.LoadStatusChanged,
      title: 'Load FRT-261101-0001 is in transit',
      message: 'Load FRT-261101-0001 moved from assigned to in transit',
    });
  });

  it('lists each recipient once', () => {
    const drafts = draftsForLoadAssigned({ ...base, driverUserId: base.createdById });
    expect(recipientsOf(drafts)).toEqual([base.createdById]);
  });
});
