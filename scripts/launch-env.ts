import { DEV_JWT_SECRET } from '../src/config/app-config';

/**
 * The environment `npm start` gives the app. The launcher prints demo logins and signs with a
 * secret from the repository, so it listens on the loopback interface and uses the dev secret
 * unless told otherwise. The app itself has neither default: docker/Dockerfile sets
 * HOST=0.0.0.0, and production sets its own JWT_SECRET.
 */
export function launchEnvironment(env: NodeJS.ProcessEnv): { env: NodeJS.ProcessEnv; usesDevSecret: boolean } {
  const result: NodeJS.ProcessEnv = { ...env, HOST: env.HOST?.trim() || '127.0.0.1' };
  const usesDevSecret = !env.JWT_SECRET?.trim();
  if (usesDevSecret) result.JWT_SECRET = DEV_JWT_SECRET;
  return { env: result, usesDevSecret };
}
