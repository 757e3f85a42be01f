import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { readTestEnvironment } from './test-env';

/** A fresh, migrated database cloned from the template; dropped by the returned function. */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const environment = readTestEnvironment();
  const name = `test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: environment.adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${environment.templateDatabase}`);
  } finally {
    await admin.end();
  }
  const url = environment.adminUrl.replace(/\/postgres$/, `/${name}`);
  return {
    url,
    drop: async () => {
      const client = new Client({ connectionString: environment.adminUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
