import { Global, Module } from '@nestjs/common';
import { GracefulShutdown } from './graceful-shutdown';
import { ShutdownState } from './shutdown-state';

/** The shutdown sequence and the state readiness reports. */
@Global()
@Module({
  providers: [ShutdownState, GracefulShutdown],
  exports: [ShutdownState, GracefulShutdown],
})
export class LifecycleModule {}
