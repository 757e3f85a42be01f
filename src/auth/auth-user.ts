import { UserRole } from '../users/user.entity';

/** The authenticated caller, decoded from the JWT. */
export interface AuthUser {
  id: string;
  email: string;
  role: UserRole;
  /** Set when the user is a driver. */
  driverId: string | null;
}

export interface JwtPayload {
  sub: string;
  email: string;
  role: UserRole;
  driverId: string | null;
}
