import { Injectable } from '@nestjs/common';
import { OnDomainEvent } from '../common/domain-events';
import type { LoadStatusChangedEvent } from '../loads/loads.events';
import { draftsForLoadAssigned, draftsForLoadStatusChanged } from './notification-drafts';
import { NotificationsService } from './notifications.service';

@Injectable()
export class NotificationsListener {
  constructor(private readonly notifications: NotificationsService) {}

  @OnDomainEvent('load.assigned')
  async onLoadAssigned(event: LoadStatusChangedEvent): Promise<void> {
    await this.notifications.createMany(draftsForLoadAssigned(event));
  }

  @OnDomainEvent('load.status_changed')
  async onLoadStatusChanged(event: LoadStatusChangedEvent): Promise<void> {
    await this.notifications.createMany(draftsForLoadStatusChanged(event));
  }
}
