import { startTestApp, TestApp } from './helpers/test-app';
import { demoDriver, driverAvailable, insertDriver, newLoadBody } from './loads-fixtures';

interface LoadBody {
  id: string;
  status: string;
  driverId: string | null;
  pickedUpAt: string | null;
  deliveredAt: string | null;
  cancelledAt: string | null;
}

describe('Loads: lifecycle moves', () => {
  let t: TestApp;
  let dispatcher: string;
  let dispatcher2: string;
  let admin: string;
  let driver1: string;
  let driver2: string;
  let driver1Id: string;

  beforeAll(async () => {
    t = await startTestApp();
    driver1Id = await demoDriver(t, 'driver1@freight.local');
    await demoDriver(t, 'driver2@freight.local');
    [dispatcher, dispatcher2, admin, driver1, driver2] = await Promise.all([
      t.login('dispatcher@freight.local'),
      t.login('dispatcher2@freight.local'),
      t.login('admin@freight.local'),
      t.login('driver1@freight.local'),
      t.login('driver2@freight.local'),
    ]);
  });
  afterAll(() => t.close());

  const post = (path: string, token: string, body?: unknown) => t.request('POST', path, { token, body });
  const createLoad = async (): Promise<LoadBody> => {
    const response = await post('/api/loads', dispatcher, newLoadBody());
    expect(response.status).toBe(201);
    return response.body;
  };
  const assign = (loadId: string, driverId: string, token = dispatcher) => post(`/api/loads/${loadId}/assign`, token, { driverId });

  /** A load brought to the given status by the API itself, with a driver of its own. */
  async function loadIn(status: 'posted' | 'assigned' | 'in_transit' | 'delivered' | 'cancelled'): Promise<{ load: LoadBody; driverId: string }> {
    const load = await createLoad();
    const { driverId } = await insertDriver(t);
    if (status === 'posted') return { load, driverId };
    if (status === 'cancelled') {
      const cancelled = await post(`/api/loads/${load.id}/cancel`, dispatcher);
      return { load: cancelled.body, driverId };
    }
    let response = await assign(load.id, driverId);
    if (status !== 'assigned') response = await post(`/api/loads/${load.id}/pickup`, dispatcher);
    if (status === 'delivered') response = await post(`/api/loads/${load.id}/deliver`, dispatcher);
    expect(response.body.status).toBe(status);
    return { load: response.body, driverId };
  }

  it('carries a load from posted to delivered; the driver is busy in between and free after', async () => {
    const load = await createLoad();
    const before = await t.request('GET', `/api/loads/${load.id}`, { token: driver1 });
    expect(before.body.status).toBe('posted');

    const assigned = await assign(load.id, driver1Id);
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ id: load.id, status: 'assigned', driverId: driver1Id, pickedUpAt: null });
    expect(await driverAvailable(t, driver1Id)).toBe(false);
    // The read before the move was cached; the move's event cleared it.
    expect((await t.request('GET', `/api/loads/${load.id}`, { token: driver1 })).body).toEqual(assigned.body);

    const pickedUp = await post(`/api/shipments/${load.id}/pickup`, driver1);
    expect(pickedUp.status).toBe(200);
    expect(pickedUp.body).toMatchObject({ status: 'in_transit', driverId: driver1Id, deliveredAt: null });
    expect(Date.parse(pickedUp.body.pickedUpAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(await driverAvailable(t, driver1Id)).toBe(false);

    const delivered = await post(`/api/loads/${load.id}/deliver`, driver1);
    expect(delivered.status).toBe(200);
    expect(delivered.body).toMatchObject({ status: 'delivered', driverId: driver1Id, pickedUpAt: pickedUp.body.pickedUpAt, cancelledAt: null });
    expect(Date.parse(delivered.body.deliveredAt)).toBeGreaterThanOrEqual(Date.parse(pickedUp.body.pickedUpAt));
    expect(await driverAvailable(t, driver1Id)).toBe(true);

    const listed = await t.request('GET', `/api/loads?driverId=${driver1Id}&status=delivered&limit=100`, { token: dispatcher });
    expect(listed.body.data.map((l: LoadBody) => l.id)).toContain(load.id);
  });

  it('lets only the assigned driver (or staff) pick up and deliver; another driver gets 403', async () => {
    const load = await createLoad();
    expect((await post(`/api/loads/${load.id}/pickup`, driver2)).status).toBe(403);
    expect((await assign(load.id, driver1Id)).status).toBe(200);

    const foreign = await post(`/api/loads/${load.id}/pickup`, driver2);
    expect(foreign.status).toBe(403);
    expect(foreign.body.message).toContain('Only the driver assigned');
    expect((await post(`/api/loads/${load.id}/pickup`, driver1)).status).toBe(200);
    expect((await post(`/api/loads/${load.id}/deliver`, driver2)).status).toBe(403);
    const byAdmin = await post(`/api/loads/${load.id}/deliver`, admin);
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.body.status).toBe('delivered');
    expect(await driverAvailable(t, driver1Id)).toBe(true);
  });

  it('keeps assign and cancel for admins and dispatchers (403 for drivers, 401 without a token)', async () => {
    const load = await createLoad();
    const { driverId } = await insertDriver(t);
    expect((await assign(load.id, driverId, driver1)).status).toBe(403);
    expect((await post(`/api/loads/${load.id}/cancel`, driver1)).status).toBe(403);
    expect((await t.request('POST', `/api/loads/${load.id}/assign`, { body: { driverId } })).status).toBe(401);
    expect((await t.request('POST', `/api/loads/${load.id}/deliver`)).status).toBe(401);
    expect((await t.request('GET', `/api/loads/${load.id}`, { token: dispatcher })).body.status).toBe('posted');
    expect(await driverAvailable(t, driverId)).toBe(true);
    expect((await assign(load.id, driverId, admin)).status).toBe(200);
  });

  it('cancels a posted load', async () => {
    const load = await createLoad();
    const cancelled = await post(`/api/loads/${load.id}/cancel`, dispatcher);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', driverId: null, pickedUpAt: null, deliveredAt: null });
    expect(Date.parse(cancelled.body.cancelledAt)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('cancels an assigned load and frees its driver for the next load', async () => {
    const { load, driverId } = await loadIn('assigned');
    expect(await driverAvailable(t, driverId)).toBe(false);
    const cancelled = await post(`/api/shipments/${load.id}/cancel`, admin);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    expect(await driverAvailable(t, driverId)).toBe(true);

    const next = await createLoad();
    expect((await assign(next.id, driverId)).status).toBe(200);
  });

  const illegal: Array<['posted' | 'assigned' | 'in_transit' | 'delivered' | 'cancelled', 'assign' | 'pickup' | 'deliver' | 'cancel', string]> = [
    ['posted', 'pickup', 'Cannot pick up a load that is posted'],
    ['posted', 'deliver', 'Cannot deliver a load that is posted'],
    ['assigned', 'assign', 'Cannot assign a load that is assigned'],
    ['assigned', 'deliver', 'Cannot deliver a load that is assigned'],
    ['in_transit', 'assign', 'Cannot assign a load that is in_transit'],
    ['in_transit', 'pickup', 'Cannot pick up a load that is in_transit'],
    ['in_transit', 'cancel', 'Cannot cancel a load that is in_transit'],
    ['delivered', 'assign', 'Cannot assign a load that is delivered'],
    ['delivered', 'pickup', 'Cannot pick up a load that is delivered'],
    ['delivered', 'deliver', 'Cannot deliver a load that is delivered'],
    ['delivered', 'cancel', 'Cannot cancel a load that is delivered'],
    ['cancelled', 'assign', 'Cannot assign a load that is cancelled'],
    ['cancelled', 'pickup', 'Cannot pick up a load that is cancelled'],
    ['cancelled', 'deliver', 'Cannot deliver a load that is cancelled'],
    ['cancelled', 'cancel', 'Cannot cancel a load that is cancelled'],
  ];

  it.each(illegal)('refuses a %s load the move %s with 409 naming its status', async (status, move, message) => {
    const { load } = await loadIn(status);
    const { driverId: freshDriver } = await insertDriver(t);
    const driverBefore = load.driverId ? await driverAvailable(t, load.driverId) : null;
    const response = await post(`/api/loads/${load.id}/${move}`, dispatcher, move === 'assign' ? { driverId: freshDriver } : undefined);
    expect(response.status).toBe(409);
    expect(response.body.message).toBe(message);

    const after = await t.request('GET', `/api/loads/${load.id}`, { token: dispatcher });
    expect(after.body).toEqual(load);
    expect(await driverAvailable(t, freshDriver)).toBe(true);
    if (load.driverId) expect(await driverAvailable(t, load.driverId)).toBe(driverBefore);
  });

  it('answers 404 for a missing driver or load, 409 for a busy driver, 400 for a malformed driverId', async () => {
    const load = await createLoad();
    const missingDriver = await assign(load.id, '3b0c6a0e-8b6e-4c1e-9c57-1f2a3b4c5d6e');
    expect(missingDriver.status).toBe(404);
    expect(missingDriver.body.message).toBe('Driver 3b0c6a0e-8b6e-4c1e-9c57-1f2a3b4c5d6e not found');

    const { driverId: busy } = await insertDriver(t, false);
    const unavailable = await assign(load.id, busy);
    expect(unavailable.status).toBe(409);
    expect(unavailable.body.message).toBe(`Driver ${busy} is not available`);

    for (const body of [{ driverId: 'nope' }, {}, { driverId: null }, { driverId: busy, extra: 1 }]) {
      const response = await post(`/api/loads/${load.id}/assign`, dispatcher, body);
      expect([body, response.status]).toEqual([body, 400]);
    }
    const { driverId } = await insertDriver(t);
    const missingLoad = await assign('3b0c6a0e-8b6e-4c1e-9c57-1f2a3b4c5d6e', driverId);
    expect(missingLoad.status).toBe(404);
    expect(await driverAvailable(t, driverId)).toBe(true);
    for (const move of ['pickup', 'deliver', 'cancel']) {
      expect((await post(`/api/loads/3b0c6a0e-8b6e-4c1e-9c57-1f2a3b4c5d6e/${move}`, dispatcher)).status).toBe(404);
      expect((await post(`/api/loads/not-a-uuid/${move}`, dispatcher)).status).toBe(400);
    }
    expect((await t.request('GET', `/api/loads/${load.id}`, { token: dispatcher })).body.status).toBe('posted');
  });

  it('lets exactly one of two simultaneous assignments of one driver win', async () => {
    for (let round = 0; round < 5; round++) {
      const [first, second] = await Promise.all([createLoad(), createLoad()]);
      const { driverId } = await insertDriver(t);
      const responses = await Promise.all([assign(first.id, driverId, dispatcher), assign(second.id, driverId, dispatcher2)]);

      expect(responses.map((r) => r.status).sort()).toEqual([200, 409]);
      const loser = responses.find((r) => r.status === 409)!;
      expect(loser.body.message).toBe(`Driver ${driverId} is not available`);
      expect(await driverAvailable(t, driverId)).toBe(false);
      const rows = await t.dataSource.query(`SELECT id, status FROM loads WHERE driver_id = $1`, [driverId]);
      expect(rows).toHaveLength(1);
      expect(rows[0].status).toBe('assigned');
      const loserLoad = responses[0].status === 409 ? first : second;
      expect((await t.request('GET', `/api/loads/${loserLoad.id}`, { token: dispatcher })).body).toMatchObject({ status: 'posted', driverId: null });
    }
  });

  it('lets exactly one of two simultaneous assignments of one load win', async () => {
    const load = await createLoad();
    const [{ driverId: a }, { driverId: b }] = await Promise.all([insertDriver(t), insertDriver(t)]);
    const responses = await Promise.all([assign(load.id, a), assign(load.id, b, dispatcher2)]);
    expect(responses.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(responses.find((r) => r.status === 409)!.body.message).toBe('Cannot assign a load that is assigned');
    const winner = responses[0].status === 200 ? a : b;
    const loser = winner === a ? b : a;
    expect(await driverAvailable(t, winner)).toBe(false);
    expect(await driverAvailable(t, loser)).toBe(true);
  });

  it('allows update and delete only while posted (409 naming the status)', async () => {
    for (const status of ['assigned', 'in_transit', 'delivered', 'cancelled'] as const) {
      const { load } = await loadIn(status);
      const update = await t.request('PATCH', `/api/loads/${load.id}`, { token: dispatcher, body: { weightKg: 10 } });
      expect(update.status).toBe(409);
      expect(update.body.message).toBe(`Cannot update a load that is ${status}`);
      const remove = await t.request('DELETE', `/api/loads/${load.id}`, { token: admin });
      expect(remove.status).toBe(409);
      expect(remove.body.message).toBe(`Cannot delete a load that is ${status}`);
      expect((await t.request('GET', `/api/loads/${load.id}`, { token: dispatcher })).body).toEqual(load);
    }
  });
});
