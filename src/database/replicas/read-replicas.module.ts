import { Global, Module } from '@nestjs/common';
import { ReadReplicas } from './read-replicas';

/** Global: the response cache (fills, invalidations) and health use ReadReplicas without importing this module. */
@Global()
@Module({ providers: [ReadReplicas], exports: [ReadReplicas] })
export class ReadReplicasModule {}
