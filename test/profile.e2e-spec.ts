import { EventEmitter2 } from '@nestjs/event-emitter';
import type { ProfileUpdatedEvent } from '../src/users/profile.events';
import { startTestApp, TestApp } from './helpers/test-app';

describe('Profile (/api/profile)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  async function loginStatus(email: string, password: string): Promise<number> {
    return (await t.request('POST', '/api/auth/login', { body: { email, password } })).status;
  }

  it('needs a token', async () => {
    expect((await t.request('GET', '/api/profile')).status).toBe(401);
    expect((await t.request('PATCH', '/api/profile', { body: { name: 'X' } })).status).toBe(401);
  });

  it("shows a dispatcher's own profile without a driver id and without the password hash", async () => {
    const token = await t.login('dispatcher@freight.local');
    const response = await t.request('GET', '/api/profile', { token });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      id: expect.any(String),
      email: 'dispatcher@freight.local',
      name: 'Dana Dispatcher',
      phone: '+1-555-0100',
      role: 'dispatcher',
      driverId: null,
      createdAt: expect.stringMatching(/Z$/),
      updatedAt: expect.stringMatching(/Z$/),
    });
  });

  it("shows a driver's driver id", async () => {
    const token = await t.login('driver1@freight.local');
    const response = await t.request('GET', '/api/profile', { token });
    const [driver] = await t.dataSource.query(`SELECT d.id FROM drivers d JOIN users u ON u.id = d.user_id WHERE u.email = 'driver1@freight.local'`);
    expect(response.body.role).toBe('driver');
    expect(response.body.driverId).toBe(driver.id);
  });

  it('changes name and phone, trims them, and announces profile.updated', async () => {
    const token = await t.login('dispatcher2@freight.local');
    const before = await t.request('GET', '/api/profile', { token });
    const received: ProfileUpdatedEvent[] = [];
    const events = t.app.get(EventEmitter2);
    const listener = (payload: ProfileUpdatedEvent) => received.push(payload);
    events.on('profile.updated', listener);
    let response;
    try {
      response = await t.request('PATCH', '/api/profile', { token, body: { name: '  Devon Dispatcher ', phone: '+44 20 7946 0958' } });
    } finally {
      events.off('profile.updated', listener);
    }
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ name: 'Devon Dispatcher', phone: '+44 20 7946 0958', email: 'dispatcher2@freight.local' });
    expect(Date.parse(response.body.updatedAt)).toBeGreaterThan(Date.parse(before.body.updatedAt));
    expect(received).toEqual([{ userId: before.body.id }]);

    const after = await t.request('GET', '/api/profile', { token });
    expect(after.body).toEqual(response.body);

    const cleared = await t.request('PATCH', '/api/profile', { token, body: { phone: null } });
    expect(cleared.status).toBe(200);
    expect(cleared.body.phone).toBeNull();
    expect(cleared.body.name).toBe('Devon Dispatcher');
  });

  it('changes the password when the current one is right', async () => {
    const token = await t.login('driver4@freight.local');
    const response = await t.request('PATCH', '/api/profile', {
      token,
      body: { currentPassword: 'driver123', newPassword: 'a-much-longer-secret' },
    });
    expect(response.status).toBe(200);
    expect(response.body).not.toHaveProperty('passwordHash');
    expect(await loginStatus('driver4@freight.local', 'a-much-longer-secret')).toBe(200);
    expect(await loginStatus('driver4@freight.local', 'driver123')).toBe(401);
  });

  it('lets exactly one of two concurrent password changes from the same current password win', async () => {
    const token = await t.login('driver1@freight.local');
    const change = (next: string) => t.request('PATCH', '/api/profile', { token, body: { currentPassword: 'driver123', newPassword: next } });
    const answers = await Promise.all([change('first-new-secret-123'), change('second-new-secret-456')]);
    const statuses = answers.map((answer) => answer.status).sort();
    // The loser is refused: 409 when its hash check lost the race, 401 when the winner's commit
    // had already revoked the shared token before the loser was authenticated.
    expect(statuses[0]).toBe(200);
    expect([401, 409]).toContain(statuses[1]);
    const won = answers[0].status === 200 ? 'first-new-secret-123' : 'second-new-secret-456';
    const lost = won === 'first-new-secret-123' ? 'second-new-secret-456' : 'first-new-secret-123';
    expect(await loginStatus('driver1@freight.local', won)).toBe(200);
    expect(await loginStatus('driver1@freight.local', lost)).toBe(401);
  });

  it('refuses a wrong current password and changes nothing', async () => {
    const token = await t.login('driver2@freight.local');
    const response = await t.request('PATCH', '/api/profile', {
      token,
      body: { name: 'Someone Else', currentPassword: 'not-my-password', newPassword: 'a-much-longer-secret' },
    });
    expect(response.status).toBe(400);
    expect(response.body.details).toEqual([{ field: 'currentPassword', messages: ['currentPassword is wrong'] }]);
    expect(await loginStatus('driver2@freight.local', 'driver123')).toBe(200);
    expect((await t.request('GET', '/api/profile', { token })).body.name).toBe('Dina Driver');
  });

  it.each([
    ['an empty body', {}, 'body'],
    ['an unknown field', { nickname: 'D' }, 'nickname'],
    ['an email change', { email: 'new@freight.local' }, 'email'],
    ['a short new password', { currentPassword: 'driver123', newPassword: 'short' }, 'newPassword'],
    ['a new password alone', { newPassword: 'long-enough-password' }, 'currentPassword'],
    ['a blank name', { name: '   ' }, 'name'],
    ['a name that is not text', { name: 42 }, 'name'],
    ['a name too long', { name: 'x'.repeat(121) }, 'name'],
    ['a phone that is not a number', { phone: 'call me' }, 'phone'],
  ])('answers 400 for %s', async (_, body, field) => {
    const token = await t.login('driver3@freight.local');
    const response = await t.request('PATCH', '/api/profile', { token, body });
    expect(response.status).toBe(400);
    expect(response.body.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('answers 400 for a missing or malformed body', async () => {
    const token = await t.login('driver3@freight.local');
    const missing = await t.request('PATCH', '/api/profile', { token });
    expect(missing.status).toBe(400);
    const malformed = await t.request('PATCH', '/api/profile', { token, rawBody: '{"name":' });
    expect(malformed.status).toBe(400);
    for (const rawBody of ['"name"', '[]', 'null', '42']) {
      const notAnObject = await t.request('PATCH', '/api/profile', { token, rawBody });
      expect([rawBody, notAnObject.status]).toEqual([rawBody, 400]);
    }
  });
});
