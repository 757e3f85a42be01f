import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RoutePlan } from './route-plan.entity';
import { RoutesController } from './routes.controller';
import { RoutesService } from './routes.service';

@Module({
  imports: [TypeOrmModule.forFeature([RoutePlan])],
  controllers: [RoutesController],
  providers: [RoutesService],
})
export class RoutesModule {}
