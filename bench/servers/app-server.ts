/**
 * Variants (a) and (c): the real app, configured only through the environment
 * (CACHE_ENABLED, REDIS_URL, METRICS_ENABLED...), exactly as main.ts builds it.
 */
import 'reflect-metadata';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/app-config';
import { announce, stopOn } from './announce';

async function main(): Promise<void> {
  const app = await createApp(loadConfig());
  await app.listen({ port: 0, host: '127.0.0.1' });
  stopOn(() => app.close());
  announce(app.getHttpServer());
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
