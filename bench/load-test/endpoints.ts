/** The seven read endpoints of the original load test, by the name used on the command line. */
export const READ_ENDPOINTS = {
  shipments: '/api/shipments',
  drivers: '/api/drivers',
  routes: '/api/routes',
  analytics: '/api/analytics',
  notifications: '/api/notifications',
  profile: '/api/profile',
  health: '/api/health',
} as const;

export type EndpointName = keyof typeof READ_ENDPOINTS;

export const ENDPOINT_NAMES = Object.keys(READ_ENDPOINTS) as EndpointName[];

export function isEndpointName(value: string): value is EndpointName {
  return Object.prototype.hasOwnProperty.call(READ_ENDPOINTS, value);
}
