/**
 * `npm start`: runs the API on 127.0.0.1 (HOST) with the dev-only JWT secret unless
 * JWT_SECRET is set. With DATABASE_URL set it starts the app against that server.
 * Without it, it starts an embedded PostgreSQL (data in ./.data), seeds demo data on the
 * first run, starts the app as a child process and stops PostgreSQL after the app exits.
 * PostgreSQL is started here, not inside the Nest process, so its exit hook can never stop
 * the database under a running app.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { startEmbeddedPostgres, RunningPostgres } from '../src/database/embedded-postgres';
import { launchEnvironment } from './launch-env';

const root = resolve(__dirname, '..', '..');
const mainScript = resolve(__dirname, '..', 'src', 'main.js');

function parsePort(raw: string | undefined): number | undefined {
  if (!raw) return undefined;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    console.error(`PG_PORT must be a port number, got "${raw}"`);
    process.exit(2);
  }
  return port;
}

async function main(): Promise<void> {
  const env = { ...process.env };
  let postgres: RunningPostgres | undefined;

  if (!env.DATABASE_URL) {
    const dataDir = resolve(env.EMBEDDED_PG_DIR ?? `${root}/.data/postgres`);
    console.log(`[launch] No DATABASE_URL: starting embedded PostgreSQL in ${dataDir}`);
    try {
      postgres = await startEmbeddedPostgres({
        dataDir,
        port: parsePort(env.PG_PORT),
        persistent: true,
        onLog: (line) => {
          if (/FATAL|ERROR|PANIC|Stopping a PostgreSQL/.test(line)) console.error(`[postgres] ${line}`);
        },
      });
      await postgres.ensureDatabase('freight');
    } catch (error) {
      console.error(`[launch] ${error instanceof Error ? error.message : String(error)}`);
      await postgres?.stop().catch(() => undefined);
      process.exit(1);
    }
    env.DATABASE_URL = postgres.urlFor('freight');
    env.SEED_DEMO_DATA ??= 'true';
    console.log(`[launch] Embedded PostgreSQL ready on 127.0.0.1:${postgres.port} (user postgres, password postgres: local development only)`);
    console.log(`[launch] For psql and the TypeORM CLI: DATABASE_URL=${env.DATABASE_URL} npm run migration:run`);
  }

  const launch = launchEnvironment(env);
  if (launch.usesDevSecret) console.log('[launch] JWT_SECRET not set: signing with the dev-only secret (local development only)');
  console.log(`[launch] Listening on ${launch.env.HOST} (set HOST=0.0.0.0 to accept other machines)`);
  const app = spawn(process.execPath, [...process.execArgv, mainScript], { env: launch.env, stdio: 'inherit' });
  const forward = (signal: NodeJS.Signals) => () => app.kill(signal);
  process.on('SIGINT', forward('SIGINT'));
  process.on('SIGTERM', forward('SIGTERM'));
  process.on('SIGHUP', forward('SIGHUP'));

  const stopAndExit = async (code: number | null, signal: NodeJS.Signals | null): Promise<void> => {
    if (postgres) {
      console.log('[launch] App exited; stopping embedded PostgreSQL');
      await postgres.stop().catch((error) => console.error('[launch] stopping PostgreSQL failed', error));
    }
    process.exit(code ?? (signal ? 1 : 0));
  };
  // An EventEmitter ignores a listener's promise; stopAndExit catches its own errors.
  app.on('exit', (code, signal) => void stopAndExit(code, signal));
}

void main();
