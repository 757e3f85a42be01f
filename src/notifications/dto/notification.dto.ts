import { ApiProperty } from '@nestjs/swagger';
import { KeysetPageDto } from '../../common/page-response.dto';
import { Notification, NotificationType } from '../notification.entity';

export class NotificationDto {
  @ApiProperty({ format: 'uuid', example: '3f0e9a52-1b7c-4d2e-8f60-9a1b2c3d4e5f' })
  id: string;

  @ApiProperty({ enum: NotificationType, enumName: 'NotificationType', example: NotificationType.LoadAssigned })
  type: NotificationType;

  @ApiProperty({ example: 'New load assigned' })
  title: string;

  @ApiProperty({ example: 'You have been assigned load FRT-261125-0042' })
  message: string;

  @ApiProperty({ format: 'uuid', nullable: true, type: String, example: '6f1c1f3e-8a43-4c4e-9c57-1d2f0a7b1e01' })
  loadId: string | null;

  @ApiProperty({ nullable: true, type: String, format: 'date-time', example: null, description: 'null while unread' })
  readAt: string | null;

  @ApiProperty({ format: 'date-time', example: '2026-11-25T18:00:00.000Z' })
  createdAt: string;

  static from(entity: Notification): NotificationDto {
    return {
      id: entity.id,
      type: entity.type,
      title: entity.title,
      message: entity.message,
      loadId: entity.loadId,
      readAt: entity.readAt ? entity.readAt.toISOString() : null,
      createdAt: entity.createdAt.toISOString(),
    };
  }
}

export class NotificationPageDto extends KeysetPageDto(NotificationDto) {}

export class ReadAllResultDto {
  @ApiProperty({ example: 3, description: 'How many unread notifications were marked read' })
  updated: number;
}
