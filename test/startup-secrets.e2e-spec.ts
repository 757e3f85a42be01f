import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { launchEnvironment } from '../scripts/launch-env';
import { DEV_JWT_SECRET } from '../src/config/app-config';

const root = join(__dirname, '..');

/** src/main.ts as `npm run start:prod` runs it (through ts-node here), with only this environment. */
function runMain(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [require.resolve('ts-node/dist/bin.js'), '--transpile-only', 'src/main.ts'],
      { cwd: root, env: { PATH: process.env.PATH, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, output: stdout + stderr }),
    );
  });
}

// Port 1 refuses connections: the app must stop at its configuration, before any connection.
const unreachableDatabase = 'postgres://nobody:nothing@127.0.0.1:1/none';

describe('the JWT secret at start-up', () => {
  it.each(['production', 'development'])('main.ts without JWT_SECRET refuses to start (NODE_ENV=%s) and says why', async (nodeEnv) => {
    const result = await runMain({ NODE_ENV: nodeEnv, DATABASE_URL: unreachableDatabase });
    expect(result.code).toBe(2);
    expect(result.output).toContain('Configuration error: JWT_SECRET is not set');
  });

  it('main.ts in production refuses a secret shorter than 32 bytes, and the dev secret', async () => {
    const short = await runMain({ NODE_ENV: 'production', DATABASE_URL: unreachableDatabase, JWT_SECRET: 'only-31-bytes-long-secret-value' });
    expect(short.code).toBe(2);
    expect(short.output).toContain('JWT_SECRET must be at least 32 bytes in production, got 31');
    const dev = await runMain({ NODE_ENV: 'production', DATABASE_URL: unreachableDatabase, JWT_SECRET: DEV_JWT_SECRET });
    expect(dev.code).toBe(2);
    expect(dev.output).toContain('dev-only secret');
  });

  it('only the npm start launcher supplies the dev secret, and it listens on 127.0.0.1 unless HOST is set', () => {
    expect(launchEnvironment({ PATH: '/bin' })).toEqual({
      env: { PATH: '/bin', HOST: '127.0.0.1', JWT_SECRET: DEV_JWT_SECRET },
      usesDevSecret: true,
    });
    expect(launchEnvironment({ HOST: '0.0.0.0', JWT_SECRET: 'mine' })).toEqual({
      env: { HOST: '0.0.0.0', JWT_SECRET: 'mine' },
      usesDevSecret: false,
    });
  });
});
