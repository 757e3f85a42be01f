import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { setTimeout as sleep } from 'node:timers/promises';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { ConnectionTracker } from './connection-tracker';
import { ShutdownState } from './shutdown-state';

// A connection with no request for this long is closed during the drain. Kept-alive clients
// under load send again within milliseconds and are told Connection: close instead.
const IDLE_GRACE_MS = 500;
const DRAIN_POLL_MS = 25;
// Closing the pool and Redis after the drain gets this long before the process gives up.
const CLOSE_TIMEOUT_MS = 5000;

/**
 * The shutdown on SIGTERM or SIGINT, each step logged:
 * 1. readiness answers 503 (and stays so), for SHUTDOWN_READINESS_DELAY_MS, while requests are still served;
 * 2. the listener closes; every response now carries Connection: close, idle connections are
 *    closed, and in-flight requests finish, until SHUTDOWN_TIMEOUT_MS after the signal, when
 *    what is left is cut;
 * 3. Nest closes: the database pool and Redis;
 * 4. the process exits 0 (1 if closing failed or hung).
 * Nest's enableShutdownHooks is not used: it closes everything at once and re-raises the signal.
 */
@Injectable()
export class GracefulShutdown implements OnModuleInit {
  private readonly logger = new Logger('Shutdown');
  private tracker?: ConnectionTracker;
  private started = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly state: ShutdownState,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    this.tracker = new ConnectionTracker(fastify.server);
    // onSend sees every response, those of requests already running when the drain began too.
    fastify.addHook('onSend', (request, reply, payload, done) => {
      if (this.state.draining && request.raw.httpVersionMajor === 1) void reply.header('connection', 'close');
      done(null, payload);
    });
  }

  /** Called by main.ts once the app listens. */
  handleSignals(app: INestApplication): void {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.on(signal, () => {
        if (this.started) {
          this.logger.warn(`${signal} received again; the shutdown already under way continues`);
          return;
        }
        void this.shutdown(app, signal).then((code) => process.exit(code));
      });
    }
  }

  /** Runs the whole sequence; answers the exit code. */
  async shutdown(app: INestApplication, signal: string): Promise<number> {
    this.started = true;
    const startedAt = Date.now();
    const { timeoutMs, readinessDelayMs } = this.config.shutdown;
    const deadline = startedAt + timeoutMs;
    const tracker = this.tracker!;

    this.state.shuttingDown = true;
    this.logger.log(`${signal} received: readiness now answers 503; requests are drained within ${timeoutMs} ms (SHUTDOWN_TIMEOUT_MS)`);
    if (readinessDelayMs > 0) {
      this.logger.log(`Serving for ${readinessDelayMs} ms more so load balancers see readiness 503 (SHUTDOWN_READINESS_DELAY_MS)`);
      await sleep(Math.min(readinessDelayMs, Math.max(0, deadline - Date.now())));
    }

    this.state.startDraining();
    tracker.stopAccepting();
    this.logger.log(
      `Listener closed; draining ${tracker.requestsInFlight} request(s) in flight on ${tracker.openConnections} connection(s), each answered with Connection: close`,
    );
    while (tracker.openConnections > 0 && Date.now() < deadline) {
      tracker.closeIdle(IDLE_GRACE_MS);
      await sleep(DRAIN_POLL_MS);
    }
    if (tracker.openConnections > 0) {
      this.logger.warn(
        `Shutdown deadline reached: cutting ${tracker.openConnections} connection(s) with ${tracker.requestsInFlight} request(s) still in flight`,
      );
      tracker.destroyAll();
    } else {
      this.logger.log(`Drained in ${Date.now() - startedAt} ms since ${signal}`);
    }

    this.logger.log('Closing the database pool and the Redis connection');
    try {
      const closed = app.close().then(() => 'closed' as const);
      const outcome = await Promise.race([closed, sleep(CLOSE_TIMEOUT_MS, 'timeout' as const, { ref: false })]);
      if (outcome === 'timeout') {
        this.logger.error(`Closing did not finish within ${CLOSE_TIMEOUT_MS} ms; exiting anyway`);
        return 1;
      }
    } catch (error) {
      this.logger.error(`Closing failed: ${error instanceof Error ? error.message : String(error)}`);
      return 1;
    }
    this.logger.log(`Shut down in ${Date.now() - startedAt} ms; exiting`);
    return 0;
  }
}
