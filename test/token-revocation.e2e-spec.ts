import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { hashPassword } from '../src/auth/password';
import { startTestApp, TestApp } from './helpers/test-app';

/**
 * Tokens are revoked by a password change, a role change or the user's deletion within the
 * bound (2 x AUTH_USER_CACHE_TTL_MS: 60 s with the default 30 s), with no database read per
 * request. The TTL is short here so the test waits little; the deadline is generous because
 * the test machine is busy, and the test waits on the condition, never on a fixed sleep.
 */
const TTL_MS = 300;
const DEADLINE_MS = 30_000;

/** Polls until the token is refused; returns how long that took, or fails at the deadline. */
async function refusedWithin(t: TestApp, token: string): Promise<number> {
  const started = Date.now();
  for (;;) {
    const response = await t.request('GET', '/api/profile', { token });
    if (response.status === 401) {
      expect(response.body).toMatchObject({ statusCode: 401, error: 'Unauthorized', path: '/api/profile' });
      return Date.now() - started;
    }
    expect(response.status).toBe(200);
    if (Date.now() - started > DEADLINE_MS) throw new Error(`the token still worked after ${DEADLINE_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function login(t: TestApp, email: string, password: string): Promise<string> {
  const response = await t.request('POST', '/api/auth/login', { body: { email, password } });
  expect(response.status).toBe(200);
  return response.body.accessToken as string;
}

describe('token revocation', () => {
  let a: TestApp;
  /** A second instance on the same database: it learns of changes only through its TTL. */
  let b: TestApp;
  const measured: Record<string, number> = {};

  beforeAll(async () => {
    a = await startTestApp({ AUTH_USER_CACHE_TTL_MS: String(TTL_MS) });
    b = await startTestApp({ AUTH_USER_CACHE_TTL_MS: String(TTL_MS) }, { databaseUrl: a.databaseUrl, seed: false });
  });
  afterAll(async () => {
    // The figures quoted in the README notes come from this line.
    console.log(`token revocation, TTL ${TTL_MS} ms: ${JSON.stringify(measured)}`);
    await b?.close();
    await a?.close();
  });

  /** A user of its own, so deleting or demoting it disturbs no other test. */
  async function createUser(role: 'admin' | 'dispatcher' | 'driver'): Promise<{ id: string; email: string; password: string }> {
    const email = `revocation-${randomUUID()}@freight.local`;
    const password = 'revocation-password-1';
    const [{ id }] = await a.dataSource.query<Array<{ id: string }>>(
      `INSERT INTO users (email, password_hash, name, role) VALUES ($1, $2, 'Revocation Test', $3) RETURNING id`,
      [email, await hashPassword(password), role],
    );
    return { id, email, password };
  }

  it('a password change via PATCH /api/profile revokes the old token at once on that instance and within the bound on another', async () => {
    const user = await createUser('dispatcher');
    const token = await login(a, user.email, user.password);
    expect((await a.request('GET', '/api/profile', { token })).status).toBe(200);
    expect((await b.request('GET', '/api/profile', { token })).status).toBe(200);

    const changed = await a.request('PATCH', '/api/profile', { token, body: { currentPassword: user.password, newPassword: 'a-new-password-2' } });
    expect(changed.status).toBe(200);
    expect((await a.request('GET', '/api/profile', { token })).status).toBe(401);
    measured.passwordChangeOtherInstanceMs = await refusedWithin(b, token);

    const fresh = await login(b, user.email, 'a-new-password-2');
    expect((await a.request('GET', '/api/profile', { token: fresh })).status).toBe(200);
    expect((await b.request('GET', '/api/profile', { token: fresh })).status).toBe(200);
  });

  it('a role change (here by SQL: a trigger bumps the token version) revokes the token within the bound', async () => {
    const user = await createUser('dispatcher');
    const token = await login(a, user.email, user.password);
    expect((await a.request('GET', '/api/loads', { token })).status).toBe(200);
    await a.dataSource.query(`UPDATE users SET role = 'driver' WHERE id = $1`, [user.id]);
    measured.roleChangeMs = await refusedWithin(a, token);
    const [{ token_version }] = await a.dataSource.query<Array<{ token_version: number }>>('SELECT token_version FROM users WHERE id = $1', [
      user.id,
    ]);
    expect(token_version).toBe(2);
  });

  it("a user's deletion revokes the token within the bound", async () => {
    const user = await createUser('admin');
    const token = await login(a, user.email, user.password);
    expect((await b.request('GET', '/api/profile', { token })).status).toBe(200);
    await a.dataSource.query('DELETE FROM users WHERE id = $1', [user.id]);
    measured.deletionMs = await refusedWithin(b, token);
  });

  it('a name change keeps the token working', async () => {
    const user = await createUser('driver');
    const token = await login(a, user.email, user.password);
    expect((await a.request('PATCH', '/api/profile', { token, body: { name: 'Renamed' } })).status).toBe(200);
    expect((await a.request('GET', '/api/profile', { token })).status).toBe(200);
  });

  it('refuses a validly signed token without exp, for an unknown user, or with an old version', async () => {
    const jwt = a.app.get(JwtService);
    const [admin] = await a.dataSource.query<Array<{ id: string; token_version: number }>>(
      `SELECT id, token_version FROM users WHERE email = 'admin@freight.local'`,
    );
    const claims = { sub: admin.id, email: 'admin@freight.local', role: 'admin', driverId: null, ver: admin.token_version };
    const valid = await jwt.signAsync(claims, { expiresIn: 600 });
    expect((await a.request('GET', '/api/profile', { token: valid })).status).toBe(200);

    const noExpiry = await jwt.signAsync(claims);
    expect(JSON.parse(Buffer.from(noExpiry.split('.')[1], 'base64url').toString())).not.toHaveProperty('exp');
    const unknownUser = await jwt.signAsync({ ...claims, sub: randomUUID() }, { expiresIn: 600 });
    const oldVersion = await jwt.signAsync({ ...claims, ver: admin.token_version - 1 }, { expiresIn: 600 });
    const noVersion = await jwt.signAsync({ ...claims, ver: undefined }, { expiresIn: 600 });
    expect(JSON.parse(Buffer.from(noVersion.split('.')[1], 'base64url').toString())).not.toHaveProperty('ver');
    // The app's calls to itself carry its in-memory nonce; a guessed one is just a bad token.
    const guessedInternal = await jwt.signAsync({ ...claims, sub: '00000000-0000-4000-8000-000000000000', ver: 0, svc: 'guess' }, { expiresIn: 600 });
    for (const token of [noExpiry, unknownUser, oldVersion, noVersion, guessedInternal]) {
      const response = await a.request('GET', '/api/profile', { token });
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
    }
  });
});
