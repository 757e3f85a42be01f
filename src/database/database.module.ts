import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { buildDataSourceOptions } from './data-source-options';
import { runMigrationsUnbounded } from './run-migrations';
import { DatabaseStartupCheck } from './database-startup-check';
import { DemoSeedService } from './seeding/demo-seed.service';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        ...buildDataSourceOptions({
          databaseUrl: config.databaseUrl,
          poolSize: config.databasePoolSize,
          waits: config.databaseWaits,
          pgBouncer: config.databasePgBouncer,
        }),
        retryAttempts: 3,
        retryDelay: 1000,
      }),
      // Pending migrations run at start-up (the schema never comes from synchronize), free of
      // the statement_timeout every request runs under.
      dataSourceFactory: async (options) => {
        const dataSource = await new DataSource(options!).initialize();
        try {
          await runMigrationsUnbounded(dataSource);
        } catch (error) {
          // A retry builds a new DataSource: do not leave this one's pool open.
          await dataSource.destroy();
          throw error;
        }
        return dataSource;
      },
    }),
  ],
  providers: [DemoSeedService, DatabaseStartupCheck],
})
export class DatabaseModule {}
