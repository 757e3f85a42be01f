import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/decorators';
import { CachePolicy } from '../cache/cache-policy.decorator';
import { routeListMembership, RoutesCache } from './routes.cache';
import { ApiErrors } from '../common/api-errors.decorator';
import type { Page } from '../common/cursor';
import { uuidParamPipe } from '../common/uuid-param';
import { UserRole } from '../users/user-role';
import { CreateRouteDto } from './dto/create-route.dto';
import { ListRoutesQueryDto } from './dto/list-routes-query.dto';
import { RoutePageDto, RouteResponseDto } from './dto/route-response.dto';
import { UpdateRouteDto } from './dto/update-route.dto';
import { RoutesService } from './routes.service';
import { Idempotent } from '../idempotency/idempotent.decorator';

@ApiTags('routes')
@ApiBearerAuth()
@ApiErrors({ 401: 'No token, or an invalid or expired one' })
@Controller('routes')
export class RoutesController {
  constructor(private readonly routes: RoutesService) {}

  @Get()
  @CachePolicy({ ttlSeconds: 300, scope: 'shared', dependsOn: [routeListMembership] })
  @ApiOperation({
    summary: 'List route plans, newest first (keyset pagination)',
    description:
      'Filter by load with loadId; pass nextCursor as cursor for the next page. Cached for 5 minutes; invalidated by a change to a route plan of the loadId filter (any route plan when unfiltered).',
  })
  @ApiOkResponse({ type: RoutePageDto })
  @ApiErrors({ 400: 'Bad loadId, limit or cursor' })
  list(@Query() query: ListRoutesQueryDto): Promise<Page<RouteResponseDto>> {
    return this.routes.list(query);
  }

  @Get(':id')
  @CachePolicy({ ttlSeconds: 300, scope: 'shared', dependsOn: [RoutesCache.route.fromParam('id'), RoutesCache.details] })
  @ApiOperation({
    summary: 'One route plan',
    description: 'Cached for 5 minutes; invalidated when this route changes or its load is deleted.',
  })
  @ApiOkResponse({ type: RouteResponseDto })
  @ApiErrors({ 400: 'id is not a UUID', 404: 'No such route' })
  get(@Param('id', uuidParamPipe()) id: string): Promise<RouteResponseDto> {
    return this.routes.get(id);
  }

  @Post()
  @Idempotent()
  @Roles(UserRole.Admin, UserRole.Dispatcher)
  @ApiOperation({
    summary: 'Plan a route for a load; the server computes distanceKm and etaMinutes',
    description: 'Admins and dispatchers. 2 to 50 stops in visiting order; distanceKm is the great-circle distance between consecutive stops.',
  })
  @ApiCreatedResponse({ type: RouteResponseDto })
  @ApiErrors({ 400: 'Invalid body (2 to 50 stops with valid lat/lng)', 403: 'Needs role admin or dispatcher', 404: 'No such load' })
  create(@Body() dto: CreateRouteDto): Promise<RouteResponseDto> {
    return this.routes.create(dto);
  }

  @Patch(':id')
  @Roles(UserRole.Admin, UserRole.Dispatcher)
  @ApiOperation({
    summary: 'Replace the stops; distanceKm and etaMinutes are recomputed',
    description: 'Admins and dispatchers. The stops given replace all the previous ones.',
  })
  @ApiOkResponse({ type: RouteResponseDto })
  @ApiErrors({ 400: 'Invalid body or id', 403: 'Needs role admin or dispatcher', 404: 'No such route' })
  update(@Param('id', uuidParamPipe()) id: string, @Body() dto: UpdateRouteDto): Promise<RouteResponseDto> {
    return this.routes.update(id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles(UserRole.Admin, UserRole.Dispatcher)
  @ApiOperation({ summary: 'Delete a route plan', description: 'Admins and dispatchers.' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors({ 400: 'id is not a UUID', 403: 'Needs role admin or dispatcher', 404: 'No such route' })
  remove(@Param('id', uuidParamPipe()) id: string): Promise<void> {
    return this.routes.remove(id);
  }
}
