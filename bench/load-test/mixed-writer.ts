import { ApiClient, ApiResponse } from './api-client';
import { MixedSummary, WRITE_KINDS, WriteKind } from './report';
import type { Session } from './sessions';
import { summarizeLatencies } from './stats';
import { WriteBudget } from './write-budget';

interface LoadBody {
  id: string;
  status: string;
  driverId: string | null;
  createdAt: string;
}
interface DriverBody {
  id: string;
  userId: string;
  isAvailable: boolean;
}
interface NotificationBody {
  id: string;
  readAt: string | null;
}
interface Page<T> {
  data: T[];
  limit: number;
}

/** One write workflow: a driver of its own, so lanes never compete for the same driver. */
export interface WriteLane {
  driverId: string;
  /** The driver's own session when it is among the logins; otherwise the dispatcher moves the load. */
  driver?: Session;
}

export class MixedSetupError extends Error {}

const CITIES = [
  { city: 'Chicago, IL', lat: 41.8781, lng: -87.6298 },
  { city: 'Dallas, TX', lat: 32.7767, lng: -96.797 },
  { city: 'Atlanta, GA', lat: 33.749, lng: -84.388 },
  { city: 'Denver, CO', lat: 39.7392, lng: -104.9903 },
];
const MAX_PROBLEMS = 10;
const HOUR_MS = 3_600_000;

/** Picks up to `wanted` available drivers, those whose own login we hold first. */
export async function planLanes(api: ApiClient, dispatcher: Session, sessions: readonly Session[], wanted: number): Promise<WriteLane[]> {
  const response = await api.call<Page<DriverBody>>('GET', '/api/drivers?isAvailable=true&limit=100', { token: dispatcher.token });
  if (response.status !== 200 || !response.body) {
    throw new MixedSetupError(`mixed mode: listing available drivers failed (HTTP ${response.status})`);
  }
  const byUser = new Map(sessions.map((s) => [s.userId, s]));
  const drivers = response.body.data.filter((d) => d.isAvailable);
  drivers.sort((a, b) => Number(byUser.has(b.userId)) - Number(byUser.has(a.userId)));
  const lanes = drivers.slice(0, wanted).map((d) => ({ driverId: d.id, driver: byUser.get(d.userId) }));
  if (lanes.length === 0) throw new MixedSetupError('mixed mode needs at least one available driver; none is available');
  return lanes;
}

/**
 * The writes of mixed mode: each lane creates a load, assigns it to its driver, picks it up and
 * delivers it (freeing the driver), then marks a notification read. Right after each write's
 * response it reads the changed resource, through the same cached routes the load uses, and
 * counts a stale read when the change is not visible.
 */
export class MixedWriter {
  private readonly latencies = new Map<WriteKind, number[]>(WRITE_KINDS.map((kind) => [kind, []]));
  private readonly errors = new Map<WriteKind, number>(WRITE_KINDS.map((kind) => [kind, 0]));
  private freshnessChecks = 0;
  private staleReads = 0;
  private unverifiable = 0;
  private cycles = 0;
  private problems: string[] = [];

  constructor(
    private readonly api: ApiClient,
    private readonly budget: WriteBudget,
    private readonly dispatcher: Session,
    private readonly lanes: readonly WriteLane[],
  ) {}

  /** Runs every lane until the budget closes; a lane always finishes the cycle it started. */
  async run(): Promise<void> {
    await Promise.all(this.lanes.map((lane) => this.runLane(lane)));
  }

  summary(requestedShare: number, reads: number): MixedSummary {
    const byKind = Object.fromEntries(
      WRITE_KINDS.map((kind) => {
        const latencies = this.latencies.get(kind)!;
        return [kind, { count: latencies.length, errors: this.errors.get(kind)!, latencyMs: summarizeLatencies(latencies) }];
      }),
    ) as MixedSummary['writes']['byKind'];
    const total = WRITE_KINDS.reduce((sum, kind) => sum + byKind[kind].count, 0);
    const errors = WRITE_KINDS.reduce((sum, kind) => sum + byKind[kind].errors, 0);
    return {
      requestedSharePct: Math.round(requestedShare * 10_000) / 100,
      actualWriteSharePct: total + reads === 0 ? 0 : Math.round((total / (total + reads)) * 10_000) / 100,
      lanes: this.lanes.length,
      completedCycles: this.cycles,
      writes: { total, errors, byKind },
      freshnessChecks: this.freshnessChecks,
      staleReads: this.staleReads,
      unverifiable: this.unverifiable,
      problems: [...this.problems],
    };
  }

  private async runLane(lane: WriteLane): Promise<void> {
    let markReadAs: Session = lane.driver ?? this.dispatcher;
    for (;;) {
      if (!(await this.budget.take())) return;
      const keepGoing = await this.loadCycle(lane);
      if (!keepGoing) return;
      // Alternate whose notification is marked read: the driver hears of assignments, the
      // dispatcher of every move.
      markReadAs = markReadAs === this.dispatcher ? (lane.driver ?? this.dispatcher) : this.dispatcher;
      if (!(await this.markOneRead(markReadAs))) return;
    }
  }

  /** create -> assign -> pickup -> deliver. False when the lane cannot go on. */
  private async loadCycle(lane: WriteLane): Promise<boolean> {
    const token = this.dispatcher.token;
    const created = await this.write<LoadBody>('create', 'POST', '/api/shipments', token, newLoad());
    if (!created.body) return true;
    const load = created.body;
    await this.checkLoad(load.id, 'after create', (l) => l.status === 'posted');
    await this.checkNewLoadListed(load);

    // Once a load is created the cycle finishes even when the budget has closed, so no
    // driver is left busy for the next run.
    await this.budget.take();
    const assigned = await this.write<LoadBody>('assign', 'POST', `/api/shipments/${load.id}/assign`, token, { driverId: lane.driverId });
    if (!assigned.body) return true;
    await this.checkLoad(load.id, 'after assign', (l) => l.status === 'assigned' && l.driverId === lane.driverId);
    await this.checkDriver(lane.driverId, 'after assign', false);

    const moverToken = lane.driver?.token ?? token;
    await this.budget.take();
    const pickedUp = await this.write<LoadBody>('pickup', 'POST', `/api/shipments/${load.id}/pickup`, moverToken);
    if (!pickedUp.body) {
      // An assigned load can still be cancelled, which frees the driver again.
      const cancelled = await this.api.call('POST', `/api/shipments/${load.id}/cancel`, { token });
      return cancelled.status === 200;
    }
    await this.checkLoad(load.id, 'after pickup', (l) => l.status === 'in_transit');

    await this.budget.take();
    const delivered = await this.write<LoadBody>('deliver', 'POST', `/api/shipments/${load.id}/deliver`, moverToken);
    // A load stuck in transit keeps its driver busy: this lane is done.
    if (!delivered.body) return false;
    await this.checkLoad(load.id, 'after deliver', (l) => l.status === 'delivered');
    await this.checkDriver(lane.driverId, 'after deliver', true);
    this.cycles++;
    return true;
  }

  private async markOneRead(user: Session): Promise<boolean> {
    const unread = await this.api.call<Page<NotificationBody>>('GET', '/api/notifications?unread=true&limit=20', { token: user.token });
    const target = unread.body?.data.find((n) => n.readAt === null);
    if (!target) return true;
    // Prime the list the load reads, so a missed invalidation would show as a stale HIT.
    await this.api.call('GET', '/api/notifications', { token: user.token });
    if (!(await this.budget.take())) return false;
    const marked = await this.write<NotificationBody>('markRead', 'PATCH', `/api/notifications/${target.id}/read`, user.token);
    if (!marked.body) return true;
    const list = await this.api.call<Page<NotificationBody>>('GET', '/api/notifications', { token: user.token });
    const seen = list.body?.data.find((n) => n.id === target.id);
    if (list.status !== 200 || !list.body) this.stale(`GET /api/notifications after mark read answered ${list.status}`);
    else if (!seen) this.unverifiable++;
    else if (seen.readAt === null) this.stale(`GET /api/notifications still showed ${target.id} unread after mark read`);
    else this.freshnessChecks++;
    return true;
  }

  private async write<T>(kind: WriteKind, method: string, path: string, token: string, body?: unknown): Promise<ApiResponse<T>> {
    const response = await this.api.call<T>(method, path, { token, body });
    this.latencies.get(kind)!.push(response.ms);
    if (response.status < 200 || response.status >= 300 || response.body === undefined) {
      this.errors.set(kind, this.errors.get(kind)! + 1);
      this.problem(`${kind}: ${method} ${path} answered ${response.status || 'nothing'} ${response.error ?? ''}`.trim());
      return { ...response, body: undefined };
    }
    return response;
  }

  private async checkLoad(id: string, when: string, fresh: (load: LoadBody) => boolean): Promise<void> {
    const response = await this.api.call<LoadBody>('GET', `/api/shipments/${id}`, { token: this.dispatcher.token });
    if (response.status === 200 && response.body && fresh(response.body)) this.freshnessChecks++;
    else
      this.stale(
        `GET /api/shipments/${id} ${when}: ${response.status} ${response.body ? `status ${response.body.status}, driver ${response.body.driverId}` : ''}`.trim(),
      );
  }

  private async checkDriver(id: string, when: string, available: boolean): Promise<void> {
    const response = await this.api.call<DriverBody>('GET', `/api/drivers/${id}`, { token: this.dispatcher.token });
    if (response.status === 200 && response.body?.isAvailable === available) this.freshnessChecks++;
    else this.stale(`GET /api/drivers/${id} ${when}: ${response.status}, isAvailable ${response.body?.isAvailable}`);
  }

  /** The list the load reads must show a new load at once, unless newer ones pushed it off page 1. */
  private async checkNewLoadListed(load: LoadBody): Promise<void> {
    const response = await this.api.call<Page<LoadBody>>('GET', '/api/shipments', { token: this.dispatcher.token });
    const page = response.body?.data;
    if (response.status !== 200 || !page) return this.stale(`GET /api/shipments after create answered ${response.status}`);
    if (page.some((l) => l.id === load.id)) {
      this.freshnessChecks++;
      return;
    }
    const oldestShown = page[page.length - 1];
    if (page.length >= (response.body?.limit ?? 20) && oldestShown && oldestShown.createdAt > load.createdAt) this.unverifiable++;
    else this.stale(`GET /api/shipments did not list load ${load.id} right after it was created`);
  }

  private stale(description: string): void {
    this.freshnessChecks++;
    this.staleReads++;
    this.problem(`stale read: ${description}`);
  }

  private problem(description: string): void {
    if (this.problems.length < MAX_PROBLEMS) this.problems.push(description);
  }
}

/** A valid load a day or two ahead, so its windows are in the future. */
function newLoad(): Record<string, unknown> {
  const now = Date.now();
  const origin = CITIES[Math.floor(Math.random() * CITIES.length)];
  const destination = CITIES.find((c) => c !== origin)!;
  const at = (hours: number) => new Date(now + hours * HOUR_MS).toISOString();
  return {
    origin,
    destination,
    pickupWindow: { start: at(24), end: at(28) },
    deliveryWindow: { start: at(72), end: at(78) },
    weightKg: 1000 + Math.floor(Math.random() * 20_000),
    rateCents: 100_000 + Math.floor(Math.random() * 400_000),
  };
}
