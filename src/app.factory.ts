import { RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { AppModule } from './app.module';
import { registerCompression } from './common/compression';
import { httpTimeoutOptions } from './common/http-timeouts';
import { registerJsonBodyParser } from './common/json-body-parser';
import { RejectNulCharactersPipe } from './common/nul-characters.pipe';
import { routerErrorOptions } from './common/router-errors';
import { registerSecurityHeaders } from './common/security-headers';
import { createValidationPipe } from './common/validation';
import { PinoNestLogger } from './logging/pino-nest-logger';
import { AppConfig } from './config/app-config';
import { METRICS_PATH } from './metrics/metrics.module';
import { setupSwagger } from './swagger';

export const API_PREFIX = 'api';

/** Trusts the nearest `hops` proxies: the client address is the one the farthest of them saw. */
const trustHops =
  (hops: number) =>
  (_address: string, hop: number): boolean =>
    hop < hops;

/** Builds the configured app without listening: used by main.ts and by the e2e tests. */
export async function createApp(config: AppConfig, options: { logger?: boolean } = {}): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    ...httpTimeoutOptions(config.http),
    ...routerErrorOptions(),
    // A client-supplied X-Request-Id is kept when it is sane; otherwise a fresh one.
    genReqId: (req: IncomingMessage) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.:-]{1,100}$/.test(given) ? given : randomUUID();
    },
    // A hop count as the function Fastify builds from one (the adapter's type takes no number).
    trustProxy: typeof config.trustProxy === 'number' ? trustHops(config.trustProxy) : config.trustProxy,
    // app.close() comes after GracefulShutdown's drain (or in tests, with nothing in flight):
    // every connection left is cut. 'idle' (the default) relies on Node's idle list, which
    // misses keep-alive sockets once an event stream's client has gone (Node 20: a plain
    // http server shows it too), and close() then waited for the keep-alive timeout (72 s).
    forceCloseConnections: true,
  });
  const quiet = options.logger === false;
  // Quiet (tests): pino is silenced too, so request lines do not reach stdout either.
  const moduleConfig: AppConfig = quiet ? { ...config, logLevel: 'silent' } : config;
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(moduleConfig), adapter, {
    logger: quiet ? false : undefined,
    // Bodies are JSON only, through registerJsonBodyParser: no urlencoded parser for forms (415).
    bodyParser: false,
    // Start-up lines wait for the pino logger, so every line is JSON.
    bufferLogs: !quiet,
  });
  if (!quiet) app.useLogger(app.get(PinoNestLogger));
  app.setGlobalPrefix(API_PREFIX, { exclude: [{ path: METRICS_PATH, method: RequestMethod.GET }] });
  registerJsonBodyParser(app, config.bodyLimitBytes);
  app.useGlobalPipes(new RejectNulCharactersPipe(), createValidationPipe());
  // Signals are handled by GracefulShutdown (main.ts): readiness first, then a bounded drain.

  // First, so its hooks cover every route registered below (Swagger UI included).
  registerSecurityHeaders(app);
  const fastify = app.getHttpAdapter().getInstance();
  // Bodies are JSON: a text/plain body answers 415 instead of reaching validation as a string.
  fastify.removeContentTypeParser('text/plain');
  // Uncached responses of 1 KB or more are gzipped too; cached ones carry their gzip variant.
  registerCompression(fastify);
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', String(request.id));
    done();
  });

  if (config.swaggerEnabled) setupSwagger(app);
  return app;
}
