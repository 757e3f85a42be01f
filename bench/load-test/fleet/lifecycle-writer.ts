import { performance } from 'node:perf_hooks';
import type { Session } from '../sessions';
import type { DriverSession } from './accounts';
import { FleetSetupError } from './accounts';
import type { Exchange } from './fleet-http';
import {
  ANALYTICS_CREATED,
  DriverRow,
  driverEntity,
  FleetContext,
  LoadRow,
  loadEntity,
  notificationsOf,
  PageOf,
  RECENT_LOADS_KEPT,
} from './fleet-context';
import { paced } from './pacing';

/** One writer's driver: the driver's own session when it is among the fleet's drivers. */
export interface WriterLane {
  driverId: string;
  driverUserId: string;
  driver?: DriverSession;
}

const CITIES = [
  { city: 'Chicago, IL', lat: 41.8781, lng: -87.6298 },
  { city: 'Dallas, TX', lat: 32.7767, lng: -96.797 },
  { city: 'Atlanta, GA', lat: 33.749, lng: -84.388 },
  { city: 'Denver, CO', lat: 39.7392, lng: -104.9903 },
];
const HOUR_MS = 3_600_000;
/** After the run's end a writer still finishes its cycle (so no driver stays busy), within this. */
const FINISH_WITHIN_MS = 30_000;

/** One available driver per writer, drivers whose login the fleet holds first (they then move their own loads). */
export async function planWriterLanes(ctx: FleetContext, writer: Session, drivers: readonly DriverSession[], wanted: number): Promise<WriterLane[]> {
  const exchange = await ctx.http.send<PageOf<DriverRow>>('GET', '/api/drivers?isAvailable=true&limit=100', writer.token);
  if (exchange.status !== 200 || !exchange.body) throw new FleetSetupError(`listing available drivers failed (HTTP ${exchange.status})`);
  const ours = new Map(drivers.map((d) => [d.driverId, d]));
  const available = exchange.body.data.filter((d) => d.isAvailable);
  available.sort((a, b) => Number(ours.has(b.id)) - Number(ours.has(a.id)));
  if (available.length < wanted) {
    throw new FleetSetupError(`${wanted} lifecycle writers need as many available drivers; the API lists ${available.length}`);
  }
  return available.slice(0, wanted).map((d) => ({ driverId: d.id, driverUserId: d.userId, driver: ours.get(d.id) }));
}

type Phase = 'create' | 'assign' | 'pickup' | 'deliver';

/**
 * A dispatcher moving loads through the lifecycle, one write per tick: create, assign to its
 * lane's driver, pickup and deliver (by the driver when the fleet holds its login). Each
 * successful write records in the ledger the version it produced and when its response arrived,
 * and the notifications it gave the driver and the load's creator.
 */
export class LifecycleWriter {
  private phase: Phase = 'create';
  private loadId: string | undefined;

  constructor(
    private readonly ctx: FleetContext,
    private readonly writer: Session,
    private readonly lane: WriterLane,
  ) {}

  async run(firstAt: number, intervalMs: number): Promise<void> {
    await paced(firstAt, intervalMs, this.ctx.endAt, () => this.step());
    // Stops as soon as the cycle is back at 'create': idling on to FINISH_WITHIN_MS kept the run
    // open, and every rate of the report (reads/s, tx/s, CPU s/s) was divided by those idle seconds.
    const finishBy = performance.now() + FINISH_WITHIN_MS;
    await paced(
      performance.now(),
      intervalMs,
      finishBy,
      () => this.step(),
      () => this.phase === 'create',
    );
  }

  private async step(): Promise<void> {
    switch (this.phase) {
      case 'create':
        return this.create();
      case 'assign':
        return this.move('assign', this.writer, { driverId: this.lane.driverId }, 'assigned', 'pickup');
      case 'pickup':
        return this.move('pickup', this.lane.driver ?? this.writer, undefined, 'in_transit', 'deliver');
      case 'deliver':
        return this.move('deliver', this.lane.driver ?? this.writer, undefined, 'delivered', 'create');
    }
  }

  private async create(): Promise<void> {
    const exchange = await this.ctx.http.send<LoadRow>('POST', '/api/loads', this.writer.token, newLoad());
    this.ctx.tally.record('create', exchange);
    if (!succeeded(exchange)) return;
    const load = exchange.body;
    this.ctx.ledger.recordWrite(loadEntity(load.id), load.status, exchange.startedAt, exchange.endedAt);
    this.ctx.ledger.recordIncrement(ANALYTICS_CREATED, exchange.endedAt);
    this.ctx.recentLoads.push(load.id);
    if (this.ctx.recentLoads.length > RECENT_LOADS_KEPT) this.ctx.recentLoads.shift();
    this.loadId = load.id;
    this.phase = 'assign';
  }

  private async move(route: 'assign' | 'pickup' | 'deliver', actor: Session, body: unknown, to: string, then: Phase): Promise<void> {
    const id = this.loadId!;
    const { ledger } = this.ctx;
    // Announced before sending: a read may show the new version before the response arrives.
    const sentAt = performance.now();
    const answered = [ledger.begin(loadEntity(id), to, sentAt)];
    // Every move tells the load's creator; an assignment tells the driver too.
    answered.push(ledger.beginItem(notificationsOf(this.writer.userId), `${id}:load_status_changed`, sentAt));
    if (route === 'assign') {
      answered.push(ledger.begin(driverEntity(this.lane.driverId), 'busy', sentAt));
      answered.push(ledger.beginItem(notificationsOf(this.lane.driverUserId), `${id}:load_assigned`, sentAt));
    }
    if (route === 'deliver') answered.push(ledger.begin(driverEntity(this.lane.driverId), 'available', sentAt));
    const exchange = await this.ctx.http.send<LoadRow>('POST', `/api/loads/${id}/${route}`, actor.token, body);
    this.ctx.tally.record(route, exchange, { expected409: true });
    if (!succeeded(exchange)) return this.recover();
    for (const done of answered) done(exchange.endedAt);
    this.phase = then;
  }

  /**
   * A move failed (a lost race answers 409): cancel the load if it still can be, which frees the
   * driver, and start a new cycle. A load stuck in transit is delivered on the next tick instead.
   */
  private async recover(): Promise<void> {
    if (this.phase === 'deliver') return;
    const id = this.loadId!;
    const { ledger } = this.ctx;
    const sentAt = performance.now();
    const answered = [
      ledger.begin(loadEntity(id), 'cancelled', sentAt),
      ledger.beginItem(notificationsOf(this.writer.userId), `${id}:load_status_changed`, sentAt),
    ];
    if (this.phase === 'pickup') answered.push(ledger.begin(driverEntity(this.lane.driverId), 'available', sentAt));
    const exchange = await this.ctx.http.send<LoadRow>('POST', `/api/loads/${id}/cancel`, this.writer.token);
    this.ctx.tally.record('cancel', exchange, { expected409: true });
    if (succeeded(exchange)) for (const done of answered) done(exchange.endedAt);
    this.phase = 'create';
  }
}

function succeeded<T>(exchange: Exchange<T>): exchange is Exchange<T> & { body: T } {
  return exchange.status >= 200 && exchange.status < 300 && exchange.body !== undefined;
}

/** A valid load a day or more ahead, so its windows are in the future. */
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
