/**
 * Runs the app with its production logger (pino JSON on stdout) for test/logging.e2e-spec.ts,
 * which starts it as a child process to read what an operator would read. Prints
 * "LISTENING <port>" on stderr once it accepts requests; SIGTERM closes it.
 */
import 'reflect-metadata';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/app-config';

async function main(): Promise<void> {
  const app = await createApp(loadConfig(process.env));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  process.stderr.write(`LISTENING ${typeof address === 'object' && address ? address.port : 0}\n`);
}

void main();
