import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import type { Page } from '../common/cursor';
import { DomainEvents } from '../common/domain-events';
import { fetchKeysetPage } from '../common/keyset-page';
import { ListNotificationsQueryDto } from './dto/list-notifications-query.dto';
import { NotificationDto } from './dto/notification.dto';
import { NotificationDraft, recipientsOf } from './notification-drafts';
import { Notification } from './notification.entity';

@Injectable()
export class NotificationsService {
  constructor(
    @InjectRepository(Notification) private readonly notifications: Repository<Notification>,
    private readonly events: DomainEvents,
  ) {}

  async createMany(drafts: NotificationDraft[]): Promise<void> {
    if (drafts.length === 0) return;
    await this.events.transaction(async (manager, events) => {
      await manager.insert(Notification, drafts);
      events.emit('notification.created', { userIds: recipientsOf(drafts) });
    });
  }

  async list(userId: string, query: ListNotificationsQueryDto): Promise<Page<NotificationDto>> {
    const qb = this.notifications.createQueryBuilder('n').where('n.userId = :userId', { userId });
    if (query.unread === true) qb.andWhere('n.readAt IS NULL');
    if (query.unread === false) qb.andWhere('n.readAt IS NOT NULL');
    return fetchKeysetPage(qb, query, (notification) => NotificationDto.from(notification));
  }

  /** Someone else's notification answers 404 exactly like a missing one. */
  async markRead(userId: string, id: string): Promise<NotificationDto> {
    const notification = await this.events.transaction(async (manager, events) => {
      // Already-read notifications keep their first readAt.
      await manager.update(Notification, { id, userId, readAt: IsNull() }, { readAt: () => 'now()' });
      const found = await manager.findOne(Notification, { where: { id, userId } });
      if (!found) throw new NotFoundException('Notification not found');
      events.emit('notification.read', { userIds: [userId] });
      return found;
    });
    return NotificationDto.from(notification);
  }

  async markAllRead(userId: string): Promise<{ updated: number }> {
    // The response comes from inside the transaction, so an idempotent request records it there.
    return this.events.transaction(async (manager, events) => {
      const result = await manager.update(Notification, { userId, readAt: IsNull() }, { readAt: () => 'now()' });
      events.emit('notification.read', { userIds: [userId] });
      return { updated: result.affected ?? 0 };
    });
  }
}
