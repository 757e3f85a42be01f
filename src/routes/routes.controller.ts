import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Roles } from '../auth/decorators';
import { CacheDependency, CachePolicy } from '../cache/cache-policy.decorator';
import type { Page } from '../common/cursor';
import { ErrorResponseDto } from '../common/error-response';
import { uuidParamPipe } from '../common/uuid-param';
import { UserRole } from '../users/user.entity';
import { CreateRouteDto } from './dto/create-route.dto';
import { ListRoutesQueryDto } from './dto/list-routes-query.dto';
import { RoutePageDto, RouteResponseDto } from './dto/route-response.dto';
import { UpdateRouteDto } from './dto/update-route.dto';
import { RoutesService } from './routes.service';

@ApiTags('routes')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'No token, or an invalid or expired one' })
@Controller('routes')
export class RoutesController {
  constructor(private readonly routes: RoutesService) {}

  @Get()
  @CachePolicy({ ttlSeconds: 300, scope: 'shared', dependsOn: [CacheDependency.routes] })
  @ApiOperation({ summary: 'List route plans, newest first (keyset pagination)' })
  @ApiOkResponse({ type: RoutePageDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Bad loadId, limit or cursor' })
  list(@Query() query: ListRoutesQueryDto): Promise<Page<RouteResponseDto>> {
    return this.routes.list(query);
  }

  @Get(':id')
  @CachePolicy({ ttlSeconds: 300, scope: 'shared', dependsOn: ['route:{id}'] })
  @ApiOperation({ summary: 'One route plan' })
  @ApiOkResponse({ type: RouteResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'id is not a UUID' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such route' })
  get(@Param('id', uuidParamPipe()) id: string): Promise<RouteResponseDto> {
    return this.routes.get(id);
  }

  @Post()
  @Roles(UserRole.Admin, UserRole.Dispatcher)
  @ApiOperation({ summary: 'Plan a route for a load; the server computes distanceKm and etaMinutes' })
  @ApiCreatedResponse({ type: RouteResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Invalid body (2 to 50 stops with valid lat/lng)' })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Needs role admin or dispatcher' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such load' })
  create(@Body() dto: CreateRouteDto): Promise<RouteResponseDto> {
    return this.routes.create(dto);
  }

  @Patch(':id')
  @Roles(UserRole.Admin, UserRole.Dispatcher)
  @ApiOperation({ summary: 'Replace the stops; distanceKm and etaMinutes are recomputed' })
  @ApiOkResponse({ type: RouteResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Invalid body or id' })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Needs role admin or dispatcher' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such route' })
  update(@Param('id', uuidParamPipe()) id: string, @Body() dto: UpdateRouteDto): Promise<RouteResponseDto> {
    return this.routes.update(id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles(UserRole.Admin, UserRole.Dispatcher)
  @ApiOperation({ summary: 'Delete a route plan' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'id is not a UUID' })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Needs role admin or dispatcher' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such route' })
  remove(@Param('id', uuidParamPipe()) id: string): Promise<void> {
    return this.routes.remove(id);
  }
}
