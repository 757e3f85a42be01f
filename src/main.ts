import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { ConfigError, loadConfig } from './config/app-config';
import { GracefulShutdown } from './lifecycle/graceful-shutdown';

async function bootstrap(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  const app = await createApp(config);
  await app.listen({ port: config.port, host: config.host });
  app.get(GracefulShutdown).handleSignals(app);
  const base = `http://${config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host}:${config.port}`;
  const docs = config.swaggerEnabled ? `, Swagger UI ${base}/docs` : '';
  new Logger('Bootstrap').log(`Freight API ready: ${base}/api/shipments, health ${base}/api/health${docs}`);
}

void bootstrap();
