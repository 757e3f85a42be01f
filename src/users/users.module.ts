import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Driver } from '../drivers/driver.entity';
import { ProfileController } from './profile.controller';
import { ProfileService } from './profile.service';
import { User } from './user.entity';

@Module({
  imports: [TypeOrmModule.forFeature([User, Driver])],
  controllers: [ProfileController],
  providers: [ProfileService],
})
export class UsersModule {}
