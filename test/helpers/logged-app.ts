/**
 * Runs the app with its production logger (pino JSON on stdout) for test/logging.e2e-spec.ts,
 * which starts it as a child process to read what an operator would read. Prints
 * "LISTENING <port>" on stderr once it accepts requests; SIGTERM shuts it down as main.ts does.
 */
import 'reflect-metadata';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/app-config';
import { GracefulShutdown } from '../../src/lifecycle/graceful-shutdown';

async function main(): Promise<void> {
  const app = await createApp(loadConfig(process.env));
  await app.listen({ port: 0, host: '127.0.0.1' });
  app.get(GracefulShutdown).handleSignals(app);
  const address = app.getHttpServer().address();
  process.stderr.write(`LISTENING ${typeof address === 'object' && address ? address.port : 0}\n`);
}

void main();
