import { CacheInvalidationRecord } from '../cache/outbox/cache-invalidation-record.entity';
import { Driver } from '../drivers/driver.entity';
import { IdempotencyRecord } from '../idempotency/idempotency-record.entity';
import { Load } from '../loads/load.entity';
import { Notification } from '../notifications/notification.entity';
import { RoutePlan } from '../routes/route-plan.entity';
import { User } from '../users/user.entity';

export const entities = [User, Driver, Load, RoutePlan, Notification, CacheInvalidationRecord, IdempotencyRecord];
