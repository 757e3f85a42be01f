import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Load } from './load.entity';
import { LoadMovesService } from './load-moves.service';
import { LoadsController } from './loads.controller';
import { CacheInvalidations } from '../cache/cache-invalidation.registry';
import { loadsInvalidations } from './loads.cache';
import { LoadsService } from './loads.service';

@Module({
  imports: [TypeOrmModule.forFeature([Load]), CacheInvalidations.forFeature('loads', loadsInvalidations)],
  controllers: [LoadsController],
  providers: [LoadsService, LoadMovesService],
  exports: [LoadsService],
})
export class LoadsModule {}
