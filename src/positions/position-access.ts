import type { AuthUser } from '../auth/auth-user';
import { UserRole } from '../users/user-role';

/**
 * Which drivers' positions the caller may see: dispatch (admin, dispatcher) every driver, a
 * driver only their own (none when the account is linked to no driver). The same rule as who
 * may report (driver-location-access.ts).
 */
export function visiblePositions(user: AuthUser): (driverId: string) => boolean {
  if (user.role === UserRole.Admin || user.role === UserRole.Dispatcher) return () => true;
  const own = user.role === UserRole.Driver ? user.driverId : null;
  return (driverId) => own !== null && driverId === own;
}

/**
 * The drivers to read for this caller and filter: undefined means every driver (dispatch with
 * no filter). A driver with no filter reads their own id only, never the whole hash.
 */
export function driversToRead(user: AuthUser, filter: readonly string[] | undefined): readonly string[] | undefined {
  const visible = visiblePositions(user);
  if (user.role === UserRole.Admin || user.role === UserRole.Dispatcher) return filter;
  const own = user.role === UserRole.Driver && user.driverId ? [user.driverId] : [];
  return (filter ?? own).filter(visible);
}
