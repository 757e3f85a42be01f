import { Injectable, NotFoundException } from '@nestjs/common';
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

  async update(userId: string, dto: UpdateProfileDto): Promise<ProfileDto> {
    const change = planProfileChange(dto);
    await this.events.transaction(async (manager, events) => {
      const users = manager.getRepository(User);
      // The row lock makes two concurrent password changes run one after the other.
      const user = await users
        .createQueryBuilder('user')
        .addSelect('user.passwordHash')
        .where('user.id = :userId', { userId })
        .setLock('pessimistic_write')
        .getOne();
      if (!user) throw new NotFoundException('User not found');

      const update: Partial<Pick<User, 'name' | 'phone' | 'passwordHash'>> = { ...change.fields };
      if (change.password) {
        if (!(await verifyPassword(change.password.current, user.passwordHash))) {
          throw new RequestValidationException([{ field: 'currentPassword', messages: ['currentPassword is wrong'] }]);
        }
        // A trigger bumps users.token_version in this same UPDATE: every token issued before
        // stops working (at once here, within the bound on other instances).
        update.passwordHash = await hashPassword(change.password.next);
      }
      await users.update({ id: userId }, update);
      events.emit('profile.updated', { userId });
    });
    return this.get(userId);
  }
}
