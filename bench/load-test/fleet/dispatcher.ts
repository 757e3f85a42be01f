import type { Session } from '../sessions';
import {
  AnalyticsBody,
  DriverRow,
  FleetContext,
  LoadRow,
  NotificationRow,
  observeAnalytics,
  observeDrivers,
  observeLoads,
  observeNotifications,
  PageOf,
} from './fleet-context';
import { paced, pickWeighted, seededRandom } from './pacing';

/** The filters of a dispatch board: what is open, what is on the road. */
export const BOARD_FILTERS = ['posted', 'assigned', 'in_transit', 'assigned,in_transit'] as const;

/** One board read per tick, chosen with these weights. */
export const DISPATCHER_MIX = {
  loadsByStatus: 35,
  loadsPage2: 15,
  loadDetail: 20,
  availableDrivers: 15,
  notifications: 10,
  analytics: 5,
} as const;

/**
 * A dispatcher polling the board: status-filtered load lists, their second page (through the
 * first page's nextCursor), a load's details, the available drivers, notifications, and
 * analytics now and then. Every read is judged against the writers' ledger.
 */
export class Dispatcher {
  private readonly random: () => number;
  /** The last nextCursor seen per filter, for page 2. */
  private readonly cursors = new Map<string, string>();
  private lastListed: string[] = [];

  constructor(
    private readonly ctx: FleetContext,
    private readonly session: Session,
    seed: number,
  ) {
    this.random = seededRandom(seed);
  }

  run(firstAt: number, intervalMs: number): Promise<void> {
    return paced(firstAt, intervalMs, this.ctx.endAt, () => this.step());
  }

  private async step(): Promise<void> {
    const choice = pickWeighted(this.random, DISPATCHER_MIX);
    const filter = BOARD_FILTERS[Math.floor(this.random() * BOARD_FILTERS.length)];
    switch (choice) {
      case 'loadsByStatus':
        return this.list(filter, undefined);
      case 'loadsPage2': {
        const cursor = this.cursors.get(filter);
        return cursor ? this.list(filter, cursor) : this.list(filter, undefined);
      }
      case 'loadDetail':
        return this.detail();
      case 'availableDrivers':
        return this.availableDrivers();
      case 'notifications':
        return this.notifications();
      case 'analytics':
        return this.analytics();
    }
  }

  private async list(filter: string, cursor: string | undefined): Promise<void> {
    const route = cursor ? 'loadsPage2' : 'loadsByStatus';
    const path = `/api/loads?status=${filter}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const exchange = await this.ctx.http.send<PageOf<LoadRow>>('GET', path, this.session.token);
    this.ctx.tally.record(route, exchange);
    if (exchange.status !== 200 || !exchange.body) return;
    if (!cursor && exchange.body.nextCursor) this.cursors.set(filter, exchange.body.nextCursor);
    this.lastListed = exchange.body.data.map((row) => row.id);
    observeLoads(this.ctx, route, exchange.body.data, exchange, filter.split(','));
  }

  /** Half the time a load the writers are moving (the interesting case), else one just listed. */
  private async detail(): Promise<void> {
    const recent = this.ctx.recentLoads;
    const pool = recent.length && (this.random() < 0.5 || !this.lastListed.length) ? recent : this.lastListed;
    if (!pool.length) return this.list(BOARD_FILTERS[0], undefined);
    const id = pool[Math.floor(this.random() * pool.length)];
    const exchange = await this.ctx.http.send<LoadRow>('GET', `/api/loads/${id}`, this.session.token);
    this.ctx.tally.record('loadDetail', exchange);
    if (exchange.status === 200 && exchange.body) observeLoads(this.ctx, 'loadDetail', [exchange.body], exchange);
  }

  private async availableDrivers(): Promise<void> {
    const exchange = await this.ctx.http.send<PageOf<DriverRow>>('GET', '/api/drivers?isAvailable=true', this.session.token);
    this.ctx.tally.record('availableDrivers', exchange);
    if (exchange.status === 200 && exchange.body) observeDrivers(this.ctx, 'availableDrivers', exchange.body.data, exchange, true);
  }

  private async notifications(): Promise<void> {
    const exchange = await this.ctx.http.send<PageOf<NotificationRow>>('GET', '/api/notifications', this.session.token);
    this.ctx.tally.record('notifications', exchange);
    if (exchange.status === 200 && exchange.body) observeNotifications(this.ctx, this.session.userId, exchange.body, exchange);
  }

  private async analytics(): Promise<void> {
    const exchange = await this.ctx.http.send<AnalyticsBody>('GET', '/api/analytics', this.session.token);
    this.ctx.tally.record('analytics', exchange);
    if (exchange.status === 200 && exchange.body) observeAnalytics(this.ctx, exchange.body, exchange);
  }
}
