import type { AuthUser } from '../auth/auth-user';
import { UserRole } from '../users/user-role';
import { mayReportLocation } from './driver-location-access';

const DRIVER_ID = '11111111-1111-4111-8111-111111111111';
const user = (role: UserRole, driverId: string | null): AuthUser => ({ id: 'u', email: 'u@x', role, driverId });

describe('mayReportLocation', () => {
  it('lets a driver report their own position', () => {
    expect(mayReportLocation(user(UserRole.Driver, DRIVER_ID), DRIVER_ID)).toBe(true);
  });

  it("refuses a driver reporting another driver's position", () => {
    expect(mayReportLocation(user(UserRole.Driver, '22222222-2222-4222-8222-222222222222'), DRIVER_ID)).toBe(false);
  });

  it('refuses a driver account not linked to any driver', () => {
    expect(mayReportLocation(user(UserRole.Driver, null), DRIVER_ID)).toBe(false);
  });

  it('lets admins and dispatchers set any position', () => {
    expect(mayReportLocation(user(UserRole.Admin, null), DRIVER_ID)).toBe(true);
    expect(mayReportLocation(user(UserRole.Dispatcher, null), DRIVER_ID)).toBe(true);
  });
});
