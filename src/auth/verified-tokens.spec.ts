import { UserRole } from '../users/user-role';
import { VerifiedTokens } from './verified-tokens';

const payload = (exp?: number) => ({ sub: 'u1', email: 'a@b.c', role: UserRole.Driver, driverId: null, ver: 1, exp });

describe('VerifiedTokens', () => {
  it('answers a remembered token until it expires, then forgets it', () => {
    const tokens = new VerifiedTokens();
    tokens.remember('t', payload(100));
    expect(tokens.get('t', 99_999)?.sub).toBe('u1');
    expect(tokens.get('t', 100_000)).toBeUndefined();
    expect(tokens.get('t', 50_000)).toBeUndefined();
  });

  it('does not remember a token without an expiry', () => {
    const tokens = new VerifiedTokens();
    tokens.remember('t', payload(undefined));
    expect(tokens.get('t', 0)).toBeUndefined();
  });

  it('stays within its bound', () => {
    const tokens = new VerifiedTokens(2);
    tokens.remember('a', payload(100));
    tokens.remember('b', payload(100));
    tokens.remember('c', payload(100));
    expect(tokens.get('c', 0)).toBeDefined();
    expect(tokens.get('a', 0)).toBeUndefined();
  });
});
