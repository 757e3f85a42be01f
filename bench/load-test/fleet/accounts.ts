import { DEMO_LOGINS } from '../../../src/database/seeding/demo-data';
import { ApiClient } from '../api-client';
import { pickLogins } from '../options';
import { Credentials, logIn, Session } from '../sessions';
import type { FleetOptions } from './fleet-options';

export interface DriverSession extends Session {
  driverId: string;
}

export interface FleetSessions {
  /** One per dispatcher actor (logins shared in turn when fewer). */
  dispatchers: Session[];
  /** One per driver actor. */
  drivers: DriverSession[];
  /** One per lifecycle writer: the dispatcher logins again, so writers hear of their own loads. */
  writers: Session[];
}

export class FleetSetupError extends Error {}

/** The driver id the API put in the token (its `driverId` claim): a driver reports for that id. */
export function driverIdOf(token: string): string | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { driverId?: unknown };
    return typeof claims.driverId === 'string' ? claims.driverId : null;
  } catch {
    return null;
  }
}

function credentials(emails: readonly string[] | undefined, role: 'dispatcher' | 'driver', password: string | undefined): Credentials[] {
  if (emails) return emails.map((email) => ({ email, password: password! }));
  return DEMO_LOGINS.filter((login) => login.role === role).map(({ email, password: demo }) => ({ email, password: demo }));
}

/** Logs every distinct login in once and hands each actor its session. */
export async function fleetSessions(api: ApiClient, options: FleetOptions): Promise<FleetSessions> {
  const dispatcherPool = credentials(options.dispatcherEmails, 'dispatcher', options.password);
  const driverPool = credentials(options.driverEmails, 'driver', options.password);
  const needDispatchers = options.dispatchers > 0 || options.writers > 0;
  const sessions = await logIn(api, [...(needDispatchers ? dispatcherPool : []), ...(options.drivers > 0 ? driverPool : [])]);
  const dispatchers = needDispatchers ? dispatcherPool.map((c) => sessions.get(c.email)!) : [];
  const wrong = dispatchers.find((s) => s.role !== 'dispatcher' && s.role !== 'admin');
  if (wrong) throw new FleetSetupError(`${wrong.email} is a ${wrong.role}, not a dispatcher`);
  const drivers: DriverSession[] = [];
  if (options.drivers > 0) {
    for (const c of driverPool) {
      const session = sessions.get(c.email)!;
      const driverId = driverIdOf(session.token);
      if (!driverId) throw new FleetSetupError(`${c.email} has no driver record linked to it`);
      drivers.push({ ...session, driverId });
    }
  }
  return {
    dispatchers: pickLogins(dispatchers, options.dispatchers),
    drivers: pickLogins(drivers, options.drivers),
    writers: pickLogins(dispatchers, options.writers),
  };
}
