import type { ApiClient, ApiResponse } from './api-client';
import { MixedWriter } from './mixed-writer';
import type { Session } from './sessions';
import { WriteBudget } from './write-budget';

interface FakeLoad {
  id: string;
  status: string;
  driverId: string | null;
  createdAt: string;
}

/**
 * An in-memory stand-in for the API's load, driver and notification routes. With `serveStale`
 * its reads answer from a snapshot taken before the last write, as a cache that missed an
 * invalidation would.
 */
class FakeApi {
  readonly baseUrl = 'http://fake';
  loads = new Map<string, FakeLoad>();
  driverAvailable = true;
  notifications = [{ id: 'n1', readAt: null as string | null }];
  serveStale = false;
  private snapshot = new Map<string, FakeLoad>();
  private serial = 0;

  async call<T>(method: string, path: string, options: { body?: unknown } = {}): Promise<ApiResponse<T>> {
    const reply = (status: number, body?: unknown) => ({ status, body: body as T, ms: 1 });
    const loadMove = /^\/api\/shipments\/([^/]+)\/(assign|pickup|deliver|cancel)$/.exec(path);
    if (method !== 'GET') this.snapshot = new Map([...this.loads].map(([id, load]) => [id, { ...load }]));
    if (method === 'POST' && path === '/api/shipments') {
      const load = { id: `load-${++this.serial}`, status: 'posted', driverId: null, createdAt: new Date().toISOString() };
      this.loads.set(load.id, load);
      return reply(201, load);
    }
    if (method === 'POST' && loadMove) {
      const load = this.loads.get(loadMove[1])!;
      if (loadMove[2] === 'assign') Object.assign(load, { status: 'assigned', driverId: (options.body as { driverId: string }).driverId });
      if (loadMove[2] === 'pickup') load.status = 'in_transit';
      if (loadMove[2] === 'deliver') load.status = 'delivered';
      this.driverAvailable = loadMove[2] === 'deliver';
      return reply(200, { ...load });
    }
    if (method === 'PATCH') {
      this.notifications[0].readAt = new Date().toISOString();
      return reply(200, this.notifications[0]);
    }
    const source = this.serveStale ? this.snapshot : this.loads;
    if (path === '/api/shipments') return reply(200, { data: [...source.values()].reverse(), limit: 20 });
    const read = /^\/api\/shipments\/([^/]+)$/.exec(path);
    if (read) return source.has(read[1]) ? reply(200, source.get(read[1])) : reply(404);
    if (path.startsWith('/api/drivers/')) return reply(200, { id: 'driver-1', userId: 'u-driver', isAvailable: this.driverAvailable });
    if (path.startsWith('/api/notifications')) return reply(200, { data: this.notifications.map((n) => ({ ...n })), limit: 20 });
    return reply(404);
  }
}

const dispatcher: Session = { email: 'dispatcher@freight.local', token: 'd', userId: 'u-dispatcher', role: 'dispatcher' };

async function runOneCycle(api: FakeApi) {
  const budget = new WriteBudget(0.5);
  const writer = new MixedWriter(api as unknown as ApiClient, budget, dispatcher, [{ driverId: 'driver-1' }]);
  const running = writer.run();
  // Enough reads for one cycle's five writes, then the reads end.
  for (let i = 0; i < 5; i++) {
    budget.recordRead();
    await new Promise((resolve) => setImmediate(resolve));
  }
  budget.close();
  await running;
  return writer.summary(0.5, 5);
}

describe('MixedWriter', () => {
  it('runs create, assign, pickup, deliver and mark read, and checks each change is visible', async () => {
    const api = new FakeApi();
    const summary = await runOneCycle(api);
    expect(summary.completedCycles).toBeGreaterThanOrEqual(1);
    expect(summary.writes.byKind.create.count).toBeGreaterThanOrEqual(1);
    expect(summary.writes.byKind.deliver.count).toBeGreaterThanOrEqual(1);
    expect(summary.writes.errors).toBe(0);
    expect(summary.staleReads).toBe(0);
    expect(summary.freshnessChecks).toBeGreaterThanOrEqual(7);
    expect(api.driverAvailable).toBe(true);
    expect([...api.loads.values()].every((l) => l.status === 'delivered')).toBe(true);
  });

  it('counts a read that still shows the state from before the write as stale, and says which', async () => {
    const api = new FakeApi();
    api.serveStale = true;
    const summary = await runOneCycle(api);
    expect(summary.staleReads).toBeGreaterThan(0);
    expect(summary.problems[0]).toMatch(/^stale read: GET \/api\/shipments\/load-1 after create: 404/);
    expect(summary.problems.some((p) => /after assign: 200 status posted/.test(p))).toBe(true);
  });
});
