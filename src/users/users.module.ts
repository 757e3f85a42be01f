import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CacheInvalidations } from '../cache/cache-invalidation.registry';
import { Driver } from '../drivers/driver.entity';
import { ProfileController } from './profile.controller';
import { profileInvalidations } from './profile.cache';
import { ProfileService } from './profile.service';
import { User } from './user.entity';

@Module({
  imports: [TypeOrmModule.forFeature([User, Driver]), CacheInvalidations.forFeature('profile', profileInvalidations)],
  controllers: [ProfileController],
  providers: [ProfileService],
})
export class UsersModule {}
