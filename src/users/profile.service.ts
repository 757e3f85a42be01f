import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { hashPassword, verifyPassword } from '../auth/password';
import { DomainEvents } from '../common/domain-events';
import { RequestValidationException } from '../common/validation';
import { Driver } from '../drivers/driver.entity';
import { ProfileDto } from './dto/profile.dto';
import { UpdateProfileDto } from './dto/update-profile.dto';
import { planProfileChange } from './profile-change';
import { User } from './user.entity';

@Injectable()
export class ProfileService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(Driver) private readonly drivers: Repository<Driver>,
    private readonly events: DomainEvents,
  ) {}

  async get(userId: string): Promise<ProfileDto> {
    const [user, driver] = await Promise.all([
      this.users.findOne({ where: { id: userId } }),
      this.drivers.findOne({ where: { userId }, select: { id: true } }),
    ]);
    // A valid token can outlive its account.
    if (!user) throw new NotFoundException('User not found');
    return ProfileDto.from(user, driver?.id ?? null);
  }

  /**
   * The password check and the new hash (scrypt, tens of milliseconds) run before the
   * transaction, never under the row lock: under load, concurrent changes waiting on a lock held
   * through a hash ran past DB_LOCK_TIMEOUT_MS and answered 503. The UPDATE then applies only if
   * the hash is still the one verified, so of two concurrent changes from the same current
   * password exactly one wins and the other gets a 409.
   */
  async update(userId: string, dto: UpdateProfileDto): Promise<ProfileDto> {
    const change = planProfileChange(dto);
    const password = change.password ? await this.passwordChange(userId, change.password.current, change.password.next) : undefined;
    await this.events.transaction(async (manager, events) => {
      const update: Partial<Pick<User, 'name' | 'phone' | 'passwordHash'>> = { ...change.fields };
      const where: Partial<Pick<User, 'id' | 'passwordHash'>> = { id: userId };
      if (password) {
        // A trigger bumps users.token_version in this same UPDATE: every token issued before
        // stops working (at once here, within the bound on other instances).
        update.passwordHash = password.next;
        where.passwordHash = password.verified;
      }
      const result = await manager.getRepository(User).update(where, update);
      if (!result.affected) {
        if (!password || !(await manager.exists(User, { where: { id: userId } }))) throw new NotFoundException('User not found');
        throw new ConflictException('The password was changed meanwhile; send the current one');
      }
      events.emit('profile.updated', { userId });
    });
    return this.get(userId);
  }

  /** The stored hash the current password was checked against, and the new password's hash. */
  private async passwordChange(userId: string, current: string, next: string): Promise<{ verified: string; next: string }> {
    const user = await this.users.createQueryBuilder('user').addSelect('user.passwordHash').where('user.id = :userId', { userId }).getOne();
    if (!user) throw new NotFoundException('User not found');
    if (!(await verifyPassword(current, user.passwordHash))) {
      throw new RequestValidationException([{ field: 'currentPassword', messages: ['currentPassword is wrong'] }]);
    }
    return { verified: user.passwordHash, next: await hashPassword(next) };
  }
}
