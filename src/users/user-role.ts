/** The roles of the API, a leaf file: auth, guards and DTOs need it without the User entity. */
export enum UserRole {
  Admin = 'admin',
  Dispatcher = 'dispatcher',
  Driver = 'driver',
}
