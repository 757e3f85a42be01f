import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { DEMO_LOGINS, seedDemoData } from './demo-data';

/**
 * With SEED_DEMO_DATA (set by `npm start` on the embedded database), fills an empty database.
 * Runs at module init, before the cache warms the shared lists at application bootstrap, so
 * the warm entries already hold the demo data.
 */
@Injectable()
export class DemoSeedService implements OnModuleInit {
  private readonly logger = new Logger('DemoData');

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.config.seedDemoData) return;
    if (await seedDemoData(this.dataSource)) this.logger.log('Seeded demo data into the empty database');
    if (this.config.logLevel === 'silent') return;
    // A readable table on stderr, so stdout stays JSON lines for pino-pretty and log shippers.
    const lines = DEMO_LOGINS.map((l) => `  ${l.role.padEnd(10)} ${l.email.padEnd(28)} ${l.password}`);
    process.stderr.write(`\nDemo logins (local development only):\n${lines.join('\n')}\n\n`);
    this.logger.log(`Demo logins printed on stderr (${DEMO_LOGINS.length} accounts)`);
  }
}
