import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CacheInvalidations } from '../cache/cache-invalidation.registry';
import { Driver } from './driver.entity';
import { DriversController } from './drivers.controller';
import { driversInvalidations } from './drivers.cache';
import { DriversService } from './drivers.service';
import { PositionsModule } from '../positions/positions.module';

@Module({
  imports: [TypeOrmModule.forFeature([Driver]), CacheInvalidations.forFeature('drivers', driversInvalidations), PositionsModule],
  controllers: [DriversController],
  providers: [DriversService],
})
export class DriversModule {}
