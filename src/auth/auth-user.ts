import { UserRole } from '../users/user-role';

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
  /** The user's token version at issue (users.token_version): a changed version revokes the token. */
  ver: number;
  /** Seconds since the epoch; the guard refuses a token without one. Set by signAsync's expiresIn. */
  exp?: number;
  /** Set (to this process's nonce) only on the app's calls to itself: internal-caller.ts. */
  svc?: string;
}
