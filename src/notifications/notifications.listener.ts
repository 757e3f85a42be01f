import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { DomainEvent, type LoadStatusChangedEvent } from '../common/domain-events';
import { draftsForLoadAssigned, draftsForLoadStatusChanged } from './notification-drafts';
import { NotificationsService } from './notifications.service';

// async: false + promisify: emitAsync in the loads service waits for the rows to be written,
// so the notification exists by the time the mutation answers.
const AWAITED = { async: false, promisify: true } as const;

@Injectable()
export class NotificationsListener {
  constructor(private readonly notifications: NotificationsService) {}

  @OnEvent(DomainEvent.LoadAssigned, AWAITED)
  async onLoadAssigned(event: LoadStatusChangedEvent): Promise<void> {
    await this.notifications.createMany(draftsForLoadAssigned(event));
  }

  @OnEvent(DomainEvent.LoadStatusChanged, AWAITED)
  async onLoadStatusChanged(event: LoadStatusChangedEvent): Promise<void> {
    await this.notifications.createMany(draftsForLoadStatusChanged(event));
  }
}
