import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CacheInvalidations } from '../cache/cache-invalidation.registry';
import { RoutePlan } from './route-plan.entity';
import { RoutesController } from './routes.controller';
import { routesInvalidations } from './routes.cache';
import { RoutesService } from './routes.service';

@Module({
  imports: [TypeOrmModule.forFeature([RoutePlan]), CacheInvalidations.forFeature('routes', routesInvalidations)],
  controllers: [RoutesController],
  providers: [RoutesService],
})
export class RoutesModule {}
