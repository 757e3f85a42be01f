import { Injectable, Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OnDomainEvent } from '../common/domain-events';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import type { ProfileUpdatedEvent } from '../users/profile.events';
import { UserRole } from '../users/user-role';
import { UserTokenState, UserTokenStates } from './user-token-states';

/** The guard's copy of users' token versions, read from PostgreSQL by primary key. */
export const userTokenStatesProvider: Provider = {
  provide: UserTokenStates,
  inject: [DataSource, APP_CONFIG],
  useFactory: (dataSource: DataSource, config: AppConfig) =>
    new UserTokenStates(async (userId): Promise<UserTokenState | null> => {
      const rows: Array<{ token_version: number; role: UserRole }> = await dataSource.query('SELECT token_version, role FROM users WHERE id = $1', [
        userId,
      ]);
      return rows.length === 0 ? null : { version: rows[0].token_version, role: rows[0].role };
    }, config.authUserCacheTtlMs),
};

/**
 * A profile change made through this instance (a password change bumps the version) reaches
 * its guard at once; other instances see it within the bound.
 */
@Injectable()
export class UserTokenStatesListener {
  constructor(private readonly states: UserTokenStates) {}

  @OnDomainEvent('profile.updated')
  onProfileUpdated(event: ProfileUpdatedEvent): void {
    this.states.forget(event.userId);
  }
}
