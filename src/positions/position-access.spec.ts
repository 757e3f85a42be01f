import type { AuthUser } from '../auth/auth-user';
import { UserRole } from '../users/user-role';
import { driversToRead, visiblePositions } from './position-access';

const OWN = '11111111-1111-4111-8111-111111111111';
const OTHER = '22222222-2222-4222-8222-222222222222';
const user = (role: UserRole, driverId: string | null): AuthUser => ({ id: 'u', email: 'u@x', role, driverId });

describe('visiblePositions', () => {
  it('shows dispatch every driver', () => {
    for (const role of [UserRole.Admin, UserRole.Dispatcher]) {
      expect(visiblePositions(user(role, null))(OTHER)).toBe(true);
    }
  });

  it('shows a driver their own position only, and an unlinked driver account nothing', () => {
    const driver = visiblePositions(user(UserRole.Driver, OWN));
    expect(driver(OWN)).toBe(true);
    expect(driver(OTHER)).toBe(false);
    expect(visiblePositions(user(UserRole.Driver, null))(OWN)).toBe(false);
  });
});

describe('driversToRead', () => {
  it('reads everything for dispatch without a filter, and the filter with one', () => {
    expect(driversToRead(user(UserRole.Dispatcher, null), undefined)).toBeUndefined();
    expect(driversToRead(user(UserRole.Admin, null), [OTHER])).toEqual([OTHER]);
  });

  it("reads a driver's own id only, whatever they ask for", () => {
    expect(driversToRead(user(UserRole.Driver, OWN), undefined)).toEqual([OWN]);
    expect(driversToRead(user(UserRole.Driver, OWN), [OWN, OTHER])).toEqual([OWN]);
    expect(driversToRead(user(UserRole.Driver, OWN), [OTHER])).toEqual([]);
    expect(driversToRead(user(UserRole.Driver, null), undefined)).toEqual([]);
  });
});
