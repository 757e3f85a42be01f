import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What global-setup started, shared with every test file through a small JSON file. */
export interface TestEnvironment {
  postgresPort: number;
  postgresDir: string;
  templateDatabase: string;
  adminUrl: string;
}

/** global-setup sets FREIGHT_TEST_RUN before any test process starts, so all agree on the file. */
export function testEnvironmentFile(): string {
  const run = process.env.FREIGHT_TEST_RUN;
  if (!run) throw new Error('FREIGHT_TEST_RUN is not set: run the tests with `npm test`');
  return join(tmpdir(), `freight-test-env-${run}.json`);
}

export function readTestEnvironment(): TestEnvironment {
  return JSON.parse(readFileSync(testEnvironmentFile(), 'utf8')) as TestEnvironment;
}
