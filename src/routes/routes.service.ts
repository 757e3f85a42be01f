import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import type { Page } from '../common/cursor';
import { DomainEvents } from '../common/domain-events';
import { fetchKeysetPage } from '../common/keyset-page';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Load } from '../loads/load.entity';
import { CreateRouteDto } from './dto/create-route.dto';
import { ListRoutesQueryDto } from './dto/list-routes-query.dto';
import { RouteResponseDto, toRouteResponse } from './dto/route-response.dto';
import { RouteStopDto } from './dto/route-stop.dto';
import { UpdateRouteDto } from './dto/update-route.dto';
import { estimateRoute } from './route-estimate';
import { RoutePlan, RouteStop } from './route-plan.entity';
import type { RouteChangedEvent } from './routes.events';

@Injectable()
export class RoutesService {
  constructor(
    @InjectRepository(RoutePlan) private readonly routes: Repository<RoutePlan>,
    private readonly events: DomainEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(query: ListRoutesQueryDto): Promise<Page<RouteResponseDto>> {
    const qb = this.routes.createQueryBuilder('route');
    if (query.loadId !== undefined) qb.andWhere('route.load_id = :loadId', { loadId: query.loadId });
    return fetchKeysetPage(qb, query, toRouteResponse);
  }

  async get(id: string): Promise<RouteResponseDto> {
    const route = await this.routes.findOne({ where: { id } });
    if (!route) throw routeNotFound(id);
    return toRouteResponse(route);
  }

  async create(dto: CreateRouteDto): Promise<RouteResponseDto> {
    // The response comes from inside the transaction, so an idempotent create records it there.
    return this.events.transaction(async (manager, events) => {
      // FOR SHARE: the load cannot be deleted (cascading to its routes) until this route is in.
      const load = await manager.findOne(Load, { where: { id: dto.loadId }, select: { id: true }, lock: { mode: 'pessimistic_read' } });
      if (!load) throw new NotFoundException(`Load ${dto.loadId} not found`);
      const stops = toStoredStops(dto.stops);
      const created = await manager.save(manager.create(RoutePlan, { loadId: load.id, stops, ...estimateRoute(stops, this.config.averageSpeedKmh) }));
      events.emit('route.changed', changedEvent(created));
      return toRouteResponse(created);
    });
  }

  async update(id: string, dto: UpdateRouteDto): Promise<RouteResponseDto> {
    const route = await this.events.transaction(async (manager, events) => {
      const current = await this.lockRoute(manager, id);
      const stops = toStoredStops(dto.stops);
      events.emit('route.changed', changedEvent(current));
      return manager.save(Object.assign(current, { stops, ...estimateRoute(stops, this.config.averageSpeedKmh) }));
    });
    return toRouteResponse(route);
  }

  async remove(id: string): Promise<void> {
    await this.events.transaction(async (manager, events) => {
      const current = await this.lockRoute(manager, id);
      await manager.delete(RoutePlan, { id });
      events.emit('route.changed', changedEvent(current));
    });
  }

  private async lockRoute(manager: EntityManager, id: string): Promise<RoutePlan> {
    const route = await manager.findOne(RoutePlan, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!route) throw routeNotFound(id);
    return route;
  }
}

function changedEvent(route: RoutePlan): RouteChangedEvent {
  return { routeId: route.id, loadId: route.loadId };
}

/** Plain objects with only the known keys, so the jsonb column never holds anything else. */
function toStoredStops(stops: RouteStopDto[]): RouteStop[] {
  return stops.map((stop) => (stop.label === undefined ? { lat: stop.lat, lng: stop.lng } : { lat: stop.lat, lng: stop.lng, label: stop.label }));
}

function routeNotFound(id: string): NotFoundException {
  return new NotFoundException(`Route ${id} not found`);
}
