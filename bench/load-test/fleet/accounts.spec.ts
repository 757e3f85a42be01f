import { driverIdOf } from './accounts';

const token = (claims: object) => `h.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.s`;

describe('driverIdOf', () => {
  it("reads the driverId claim of the API's token", () => {
    expect(driverIdOf(token({ sub: 'u', driverId: 'd-1' }))).toBe('d-1');
  });

  it('is null for a login with no driver, or a token it cannot read', () => {
    expect(driverIdOf(token({ sub: 'u', driverId: null }))).toBeNull();
    expect(driverIdOf('not-a-token')).toBeNull();
    expect(driverIdOf('h.%%%.s')).toBeNull();
  });
});
