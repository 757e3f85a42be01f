import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Load } from './load.entity';
import { LoadMovesService } from './load-moves.service';
import { LoadsController } from './loads.controller';
import { LoadEvents } from './loads.events';
import { LoadsService } from './loads.service';

@Module({
  imports: [TypeOrmModule.forFeature([Load])],
  controllers: [LoadsController],
  providers: [LoadsService, LoadMovesService, LoadEvents],
  exports: [LoadsService],
})
export class LoadsModule {}
