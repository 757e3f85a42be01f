/**
 * `npm run seed -- --loads N --drivers N --users N`: adds bulk data to the database at
 * DATABASE_URL, after running its pending migrations. Exit codes: 0 done, 1 failed,
 * 2 bad usage or missing DATABASE_URL.
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../src/database/data-source-options';
import { BULK_SEED_PASSWORD, seedBulk } from '../src/database/seeding/bulk-seed';
import { parseSeedFlags, SEED_USAGE } from '../src/database/seeding/seed-flags';

const USAGE_ERROR = 2;

async function main(): Promise<number> {
  const flags = parseSeedFlags(process.argv.slice(2));
  if (!flags.ok) {
    if (flags.help) {
      console.log(SEED_USAGE);
      return 0;
    }
    console.error(`${flags.error}\n\n${SEED_USAGE}`);
    return USAGE_ERROR;
  }
  const databaseUrl = process.env.DATABASE_URL?.trim();
  if (!databaseUrl) {
    console.error(
      'DATABASE_URL is not set. Point it at the database to fill, e.g.\n' +
        '  DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/freight npm run seed -- --loads 100000',
    );
    return USAGE_ERROR;
  }

  const dataSource = new DataSource(buildDataSourceOptions({ databaseUrl, poolSize: 2 }));
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations();
    console.log(applied.length ? `Applied migrations: ${applied.map((m) => m.name).join(', ')}` : 'Schema is up to date');
    const { counts } = flags;
    console.log(`Seeding ${counts.loads} loads, ${counts.drivers} drivers, ${counts.users} office users...`);
    const result = await seedBulk(dataSource, counts, { log: (line) => console.log(`  ${line}`) });
    const { inserted } = result;
    console.log(
      [
        `Done in ${(result.elapsedMs / 1000).toFixed(1)} s (run tag ${result.runTag}):`,
        `  users          ${inserted.users}`,
        `  drivers        ${inserted.drivers}`,
        `  loads          ${inserted.loads}`,
        `  route plans    ${inserted.routePlans}`,
        `  notifications  ${inserted.notifications}`,
        `Sign in as ${result.sampleLogins.dispatcher} or ${result.sampleLogins.driver}`,
        `with password "${BULK_SEED_PASSWORD}" (development only).`,
      ].join('\n'),
    );
    return 0;
  } finally {
    await dataSource.destroy();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`Seeding failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
