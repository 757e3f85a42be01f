import { Inject, Injectable, LoggerService } from '@nestjs/common';
import type { Level, Logger } from 'pino';

/** The app's one pino instance (JSON lines on stdout), made by LoggingModule from the config. */
export const PINO_LOGGER = Symbol('PINO_LOGGER');

/**
 * Nest's logger, written as pino JSON lines. Nest calls `log(message, context)` and
 * `error(message, stack, context)`: the trailing string is the context, an Error or a stack
 * goes to `err`/`stack`, an object message is merged into the line. A dozen lines of our own
 * instead of nestjs-pino, whose pino-http middleware we never mounted and whose releases
 * for Nest 12 require Node 22.
 */
@Injectable()
export class PinoNestLogger implements LoggerService {
  constructor(@Inject(PINO_LOGGER) private readonly pino: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: Level, message: unknown, params: unknown[]): void {
    if (!this.pino.isLevelEnabled(level)) return;
    const fields: Record<string, unknown> = {};
    const rest = [...params];
    if (typeof rest[rest.length - 1] === 'string') fields.context = rest.pop();
    for (const param of rest) {
      if (param instanceof Error) fields.err = param;
      else if (typeof param === 'string') fields.stack = param;
    }
    if (message instanceof Error) {
      fields.err = message;
      this.pino[level](fields, message.message);
    } else if (typeof message === 'object' && message !== null) {
      this.pino[level]({ ...fields, ...(message as Record<string, unknown>) });
    } else {
      this.pino[level](fields, String(message));
    }
  }
}
