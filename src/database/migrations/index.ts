import type { MigrationInterface } from 'typeorm';
import { InitialSchema1795629977486 } from './1795629977486-InitialSchema';
import { LoadsDeliveredAtIndex1795640000000 } from './1795640000000-LoadsDeliveredAtIndex';
import { CacheInvalidationOutbox1795700000000 } from './1795700000000-CacheInvalidationOutbox';
import { IdempotencyKeys1795800000000 } from './1795800000000-IdempotencyKeys';
import { UserTokenVersion1795900000000 } from './1795900000000-UserTokenVersion';

/** Every migration, in order. A new migration is added here after `npm run migration:generate`. */
export const migrations: Array<new () => MigrationInterface> = [
  InitialSchema1795629977486,
  LoadsDeliveredAtIndex1795640000000,
  CacheInvalidationOutbox1795700000000,
  IdempotencyKeys1795800000000,
  UserTokenVersion1795900000000,
];
