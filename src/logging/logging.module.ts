import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { buildPinoParams } from './pino-params';
import { RequestLogHook } from './request-log.hook';

/** Structured JSON logs (nestjs-pino): app.factory makes them Nest's logger. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => buildPinoParams(config),
    }),
  ],
  providers: [RequestLogHook],
})
export class LoggingModule {}
