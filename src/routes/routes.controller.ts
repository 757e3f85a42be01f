import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/decorators';
import { CachePolicy } from '../cache/cache-policy.decorator';
import { RoutesCache } from './routes.cache';
import { ApiErrors } from '../common/api-errors.decorator';
import type { Page } from '../common/cursor';
import { uuidParamPipe } from '../common/uuid-param';
import { UserRole } from '../users/user.entity';
import { CreateRouteDto } from './dto/create-route.dto';
import { ListRoutesQueryDto } from './dto/list-routes-query.dto';
import { RoutePageDto, RouteResponseDto } from './dto/route-response.dto';
import { UpdateRouteDto } from './dto/update-route.dto';
import { RoutesService } from './routes.service';

@ApiTags('routes')
@ApiBearerAuth()
@ApiErrors({ 401: 'No token, or an invalid or expired one' })
@Controller('routes')
export class RoutesController {
  constructor(private readonly routes: RoutesService) {}

  @Get()
  @CachePolicy({ ttlSeconds: 300, scope: 'shared', dependsOn: [RoutesCache.lists] })
  @ApiOperation({ summary: 'List route plans, newest first (keyset pagination)' })
  @ApiOkResponse({ type: RoutePageDto })
  @ApiErrors({ 400: 'Bad loadId, limit or cursor' })
  list(@Query() query: ListRoutesQueryDto): Promise<Page<RouteResponseDto>> {
    return this.routes.list(query);
  }

  @Get(':id')
  @CachePolicy({ ttlSeconds: 300, scope: 'shared', dependsOn: [RoutesCache.route.fromParam('id'), RoutesCache.details] })
  @ApiOperation({ summary: 'One route plan' })
  @ApiOkResponse({ type: RouteResponseDto })
  @ApiErrors({ 400: 'id is not a UUID', 404: 'No such route' })
  get(@Param('id', uuidParamPipe()) id: string): Promise<RouteResponseDto> {
    return this.routes.get(id);
  }

  @Post()
  @Roles(UserRole.Admin, UserRole.Dispatcher)
  @ApiOperation({ summary: 'Plan a route for a load; the server computes distanceKm and etaMinutes' })
  @ApiCreatedResponse({ type: RouteResponseDto })
  @ApiErrors({ 400: 'Invalid body (2 to 50 stops with valid lat/lng)', 403: 'Needs role admin or dispatcher', 404: 'No such load' })
  create(@Body() dto: CreateRouteDto): Promise<RouteResponseDto> {
    return this.routes.create(dto);
  }

  @Patch(':id')
  @Roles(UserRole.Admin, UserRole.Dispatcher)
  @ApiOperation({ summary: 'Replace the stops; distanceKm and etaMinutes are recomputed' })
  @ApiOkResponse({ type: RouteResponseDto })
  @ApiErrors({ 400: 'Invalid body or id', 403: 'Needs role admin or dispatcher', 404: 'No such route' })
  update(@Param('id', uuidParamPipe()) id: string, @Body() dto: UpdateRouteDto): Promise<RouteResponseDto> {
    return this.routes.update(id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles(UserRole.Admin, UserRole.Dispatcher)
  @ApiOperation({ summary: 'Delete a route plan' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors({ 400: 'id is not a UUID', 403: 'Needs role admin or dispatcher', 404: 'No such route' })
  remove(@Param('id', uuidParamPipe()) id: string): Promise<void> {
    return this.routes.remove(id);
  }
}
