import { Injectable, NotFoundException } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import type { Page } from '../common/cursor';
import { DomainEvent, type NotificationsChangedEvent } from '../common/domain-events';
import { fetchKeysetPage } from '../common/keyset-page';
import { ListNotificationsQueryDto } from './dto/list-notifications-query.dto';
import { NotificationDto } from './dto/notification.dto';
import { NotificationDraft, recipientsOf } from './notification-drafts';
import { Notification } from './notification.entity';

@Injectable()
export class NotificationsService {
  constructor(
    @InjectRepository(Notification) private readonly notifications: Repository<Notification>,
    private readonly events: EventEmitter2,
  ) {}

  async createMany(drafts: NotificationDraft[]): Promise<void> {
    if (drafts.length === 0) return;
    await this.notifications.insert(drafts);
    const payload: NotificationsChangedEvent = { userIds: recipientsOf(drafts) };
    await this.events.emitAsync(DomainEvent.NotificationCreated, payload);
  }

  async list(userId: string, query: ListNotificationsQueryDto): Promise<Page<NotificationDto>> {
    const qb = this.notifications.createQueryBuilder('n').where('n.userId = :userId', { userId });
    if (query.unread === true) qb.andWhere('n.readAt IS NULL');
    if (query.unread === false) qb.andWhere('n.readAt IS NOT NULL');
    return fetchKeysetPage(qb, query, (notification) => NotificationDto.from(notification));
  }

  /** Someone else's notification answers 404 exactly like a missing one. */
  async markRead(userId: string, id: string): Promise<NotificationDto> {
    // Already-read notifications keep their first readAt.
    await this.notifications.update({ id, userId, readAt: IsNull() }, { readAt: () => 'now()' });
    const notification = await this.notifications.findOne({ where: { id, userId } });
    if (!notification) throw new NotFoundException('Notification not found');
    await this.emitRead(userId);
    return NotificationDto.from(notification);
  }

  async markAllRead(userId: string): Promise<{ updated: number }> {
    const result = await this.notifications.update({ userId, readAt: IsNull() }, { readAt: () => 'now()' });
    await this.emitRead(userId);
    return { updated: result.affected ?? 0 };
  }

  private async emitRead(userId: string): Promise<void> {
    const payload: NotificationsChangedEvent = { userIds: [userId] };
    await this.events.emitAsync(DomainEvent.NotificationRead, payload);
  }
}
