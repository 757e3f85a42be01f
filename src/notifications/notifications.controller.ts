import { Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/decorators';
import { CachePolicy } from '../cache/cache-policy.decorator';
import { NotificationsCache } from './notifications.cache';
import { ApiErrors } from '../common/api-errors.decorator';
import { uuidParamPipe } from '../common/uuid-param';
import { ListNotificationsQueryDto } from './dto/list-notifications-query.dto';
import { NotificationDto, NotificationPageDto, ReadAllResultDto } from './dto/notification.dto';
import { NotificationsService } from './notifications.service';
import { Idempotent } from '../idempotency/idempotent.decorator';

@ApiTags('notifications')
@ApiErrors({ 401: 'Missing, invalid or expired token' })
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @CachePolicy({ ttlSeconds: 60, scope: 'user', dependsOn: [NotificationsCache.inbox.ofCaller()] })
  @ApiOperation({
    summary: "The caller's notifications, newest first",
    description: "Only the caller's own; filter with unread. Cached per user for 1 minute, invalidated when the caller's notifications change.",
  })
  @ApiOkResponse({ type: NotificationPageDto })
  @ApiErrors({ 400: 'Invalid unread, limit or cursor' })
  list(@CurrentUser() user: AuthUser, @Query() query: ListNotificationsQueryDto): Promise<NotificationPageDto> {
    return this.notifications.list(user.id, query);
  }

  @Patch(':id/read')
  @ApiOperation({
    summary: "Mark one of the caller's notifications read",
    description: 'Marking an already read notification again is harmless; it keeps its first readAt.',
  })
  @ApiOkResponse({ type: NotificationDto })
  @ApiErrors({ 400: 'id is not a UUID', 404: 'No such notification for the caller' })
  markRead(@CurrentUser() user: AuthUser, @Param('id', uuidParamPipe()) id: string): Promise<NotificationDto> {
    return this.notifications.markRead(user.id, id);
  }

  @Post('read-all')
  @Idempotent()
  @HttpCode(200)
  @ApiOperation({
    summary: "Mark all of the caller's unread notifications read",
    description: 'Answers how many notifications changed; 0 when none were unread.',
  })
  @ApiOkResponse({ type: ReadAllResultDto })
  markAllRead(@CurrentUser() user: AuthUser): Promise<ReadAllResultDto> {
    return this.notifications.markAllRead(user.id);
  }
}
