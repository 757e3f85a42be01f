import { performance } from 'node:perf_hooks';
import type { DriverSession } from './accounts';
import { FleetContext, LoadRow, NotificationRow, observeLoads, observeNotifications, PageOf, positionEntity, positionKey } from './fleet-context';
import { paced } from './pacing';

/** Where the drivers roam: around the demo cities, one city per driver. */
const CITIES = [
  { lat: 41.8781, lng: -87.6298 },
  { lat: 32.7767, lng: -96.797 },
  { lat: 33.749, lng: -84.388 },
  { lat: 39.7392, lng: -104.9903 },
  { lat: 34.0522, lng: -118.2437 },
];

const ACTIVE = ['assigned', 'in_transit'];

/**
 * A driver on the road: reports its position every few seconds (each report a position of its
 * own, so a read shows which report it reflects) and, in turn, reads its active loads, its
 * profile and its notifications.
 */
export class DriverActor {
  private turn = 0;

  constructor(
    private readonly ctx: FleetContext,
    private readonly session: DriverSession,
    private readonly index: number,
  ) {}

  run(firstReportAt: number, reportEveryMs: number, firstReadAt: number, readEveryMs: number): Promise<void[]> {
    return Promise.all([
      paced(firstReportAt, reportEveryMs, this.ctx.endAt, () => this.report()),
      paced(firstReadAt, readEveryMs, this.ctx.endAt, () => this.read()),
    ]);
  }

  private async report(): Promise<void> {
    const driverId = this.session.driverId;
    const n = (this.ctx.reportsByDriver.get(driverId) ?? 0) + 1;
    this.ctx.reportsByDriver.set(driverId, n);
    const city = CITIES[this.index % CITIES.length];
    // 1e-5 degrees (about a metre) per report: unique for 100,000 reports, still near the city.
    const position = { lat: Number((city.lat + (n % 100_000) * 1e-5).toFixed(6)), lng: Number((city.lng + (this.index % 1000) * 1e-4).toFixed(6)) };
    const answered = this.ctx.ledger.begin(positionEntity(driverId), positionKey(position), performance.now());
    const exchange = await this.ctx.http.send('PATCH', `/api/drivers/${driverId}/location`, this.session.token, position);
    this.ctx.tally.record('location', exchange);
    if (exchange.status >= 200 && exchange.status < 300) answered(exchange.endedAt);
  }

  private async read(): Promise<void> {
    const turn = this.turn++ % 3;
    if (turn === 0) {
      const path = `/api/loads?driverId=${this.session.driverId}&status=${ACTIVE.join(',')}`;
      const exchange = await this.ctx.http.send<PageOf<LoadRow>>('GET', path, this.session.token);
      this.ctx.tally.record('ownLoads', exchange);
      if (exchange.status === 200 && exchange.body) observeLoads(this.ctx, 'ownLoads', exchange.body.data, exchange, ACTIVE);
    } else if (turn === 1) {
      this.ctx.tally.record('profile', await this.ctx.http.send('GET', '/api/profile', this.session.token));
    } else {
      const exchange = await this.ctx.http.send<PageOf<NotificationRow>>('GET', '/api/notifications', this.session.token);
      this.ctx.tally.record('notifications', exchange);
      if (exchange.status === 200 && exchange.body) observeNotifications(this.ctx, this.session.userId, exchange.body, exchange);
    }
  }
}
