import type { LoadStatusChangedEvent } from '../loads/loads.events';
import { LoadStatus } from '../loads/load-status';
import { NotificationType } from './notification.entity';

/** A notification to insert, before the database gives it an id and a timestamp. */
export interface NotificationDraft {
  userId: string;
  type: NotificationType;
  title: string;
  message: string;
  loadId: string;
}

const STATUS_WORDS: Record<LoadStatus, string> = {
  [LoadStatus.Posted]: 'posted',
  [LoadStatus.Assigned]: 'assigned',
  [LoadStatus.InTransit]: 'in transit',
  [LoadStatus.Delivered]: 'delivered',
  [LoadStatus.Cancelled]: 'cancelled',
};

function statusChangedFor(event: LoadStatusChangedEvent): NotificationDraft {
  const from = STATUS_WORDS[event.previousStatus] ?? event.previousStatus;
  const to = STATUS_WORDS[event.status] ?? event.status;
  return {
    userId: event.createdById,
    type: NotificationType.LoadStatusChanged,
    title: `Load ${event.reference} is ${to}`,
    message: `Load ${event.reference} moved from ${from} to ${to}`,
    loadId: event.loadId,
  };
}

/** load.assigned: the driver hears of the assignment, the load's creator of the status change. */
export function draftsForLoadAssigned(event: LoadStatusChangedEvent): NotificationDraft[] {
  const drafts: NotificationDraft[] = [];
  if (event.driverUserId) {
    drafts.push({
      userId: event.driverUserId,
      type: NotificationType.LoadAssigned,
      title: 'New load assigned',
      message: `You have been assigned load ${event.reference}`,
      loadId: event.loadId,
    });
  }
  drafts.push(statusChangedFor(event));
  return drafts;
}

/** load.status_changed: the load's creator hears of every move, their own included. */
export function draftsForLoadStatusChanged(event: LoadStatusChangedEvent): NotificationDraft[] {
  return [statusChangedFor(event)];
}

/** Each user once, in first-seen order: the payload of notification.created. */
export function recipientsOf(drafts: NotificationDraft[]): string[] {
  return [...new Set(drafts.map((d) => d.userId))];
}
