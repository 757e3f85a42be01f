import { rmSync } from 'node:fs';
import { testEnvironmentFile } from './helpers/test-env';

export default async function globalTeardown(): Promise<void> {
  await globalThis.__FREIGHT_PG__?.stop();
  rmSync(testEnvironmentFile(), { force: true });
}
