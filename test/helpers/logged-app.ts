/**
 * Runs the app with its production logger (pino JSON on stdout) for the tests that start it as a
 * child process: to read what an operator would read, or to send it real signals. Prints
 * "LISTENING <port>" on stderr once it accepts requests; SIGTERM shuts it down as main.ts does.
 */
import 'reflect-metadata';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/app-config';
import { GracefulShutdown } from '../../src/lifecycle/graceful-shutdown';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const app = await createApp(config);
  // A free port unless PORT names one (a restarted instance behind nginx takes its old port).
  await app.listen({ port: process.env.PORT ? config.port : 0, host: '127.0.0.1' });
  app.get(GracefulShutdown).handleSignals(app);
  const address = app.getHttpServer().address();
  process.stderr.write(`LISTENING ${typeof address === 'object' && address ? address.port : 0}\n`);
}

void main();
