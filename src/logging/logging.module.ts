import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { createPinoLogger } from './pino-params';
import { PINO_LOGGER, PinoNestLogger } from './pino-nest-logger';
import { RequestLogHook } from './request-log.hook';

/** Structured JSON logs (pino): app.factory makes PinoNestLogger Nest's logger. */
@Global()
@Module({
  providers: [
    { provide: PINO_LOGGER, inject: [APP_CONFIG], useFactory: (config: AppConfig) => createPinoLogger(config) },
    PinoNestLogger,
    RequestLogHook,
  ],
  exports: [PinoNestLogger],
})
export class LoggingModule {}
