import type { AuthUser } from '../auth/auth-user';
import { UserRole } from '../users/user-role';

/** A driver reports only their own position; dispatch (admin, dispatcher) may correct anyone's. */
export function mayReportLocation(user: AuthUser, driverId: string): boolean {
  if (user.role === UserRole.Admin || user.role === UserRole.Dispatcher) return true;
  return user.role === UserRole.Driver && user.driverId === driverId;
}
