import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/decorators';
import { CachePolicy } from '../cache/cache-policy.decorator';
import { loadListMembership, LoadsCache } from './loads.cache';
import { ApiErrors } from '../common/api-errors.decorator';
import { uuidParamPipe } from '../common/uuid-param';
import { UserRole } from '../users/user-role';
import { AssignLoadDto } from './dto/assign-load.dto';
import { CreateLoadDto } from './dto/create-load.dto';
import { ListLoadsQueryDto } from './dto/list-loads-query.dto';
import { LoadPageDto, LoadResponseDto } from './dto/load-response.dto';
import { UpdateLoadDto } from './dto/update-load.dto';
import { LoadMovesService } from './load-moves.service';
import { LoadsService } from './loads.service';
import { Idempotent } from '../idempotency/idempotent.decorator';

const ID = ApiParam({ name: 'id', format: 'uuid', description: 'Load id' });
const INVALID = 'Invalid input; details name each field';
const NOT_FOUND = 'No load with this id';
const STAFF_ONLY = 'Only admins and dispatchers';
const NOT_THE_ASSIGNED_DRIVER = 'A driver other than the assigned one';

/** Loads, also served as /shipments for the original clients. */
@ApiTags('loads')
@ApiErrors({ 401: 'Missing or invalid bearer token' })
@Controller(['loads', 'shipments'])
export class LoadsController {
  constructor(
    private readonly loads: LoadsService,
    private readonly moves: LoadMovesService,
  ) {}

  @Get()
  @CachePolicy({ ttlSeconds: 300, scope: 'shared', dependsOn: [loadListMembership] })
  @ApiOperation({
    summary: 'List loads, newest first (keyset pagination)',
    description:
      "Filters combine with AND; pass nextCursor as cursor for the next page. Cached for 5 minutes; invalidated by a change to a load of the driverId filter, else to a load whose old or new status is in the status filter (any load when unfiltered) and, for a page with a cursor or a createdTo bound, whose creation hour lies in the page's range.",
  })
  @ApiOkResponse({ type: LoadPageDto })
  @ApiErrors({ 400: 'Invalid filter, limit or cursor' })
  list(@Query() query: ListLoadsQueryDto): Promise<LoadPageDto> {
    return this.loads.list(query);
  }

  @Get(':id')
  @CachePolicy({ ttlSeconds: 300, scope: 'shared', dependsOn: [LoadsCache.load.fromParam('id')] })
  @ApiOperation({ summary: 'One load', description: 'Cached for 5 minutes and invalidated when this load changes.' })
  @ID
  @ApiOkResponse({ type: LoadResponseDto })
  @ApiErrors({ 400: INVALID, 404: NOT_FOUND })
  get(@Param('id', uuidParamPipe()) id: string): Promise<LoadResponseDto> {
    return this.loads.get(id);
  }

  @Post()
  @Idempotent()
  @Roles(UserRole.Admin, UserRole.Dispatcher)
  @ApiOperation({
    summary: 'Post a new load (status posted)',
    description: 'Admins and dispatchers. A reference is generated when none is given; a given one must be unused.',
  })
  @ApiCreatedResponse({ type: LoadResponseDto })
  @ApiErrors({ 400: INVALID, 403: STAFF_ONLY, 409: 'The reference is already used' })
  create(@Body() dto: CreateLoadDto, @CurrentUser() user: AuthUser): Promise<LoadResponseDto> {
    return this.loads.create(dto, user);
  }

  @Patch(':id')
  @Roles(UserRole.Admin, UserRole.Dispatcher)
  @ApiOperation({
    summary: 'Edit a posted load (not its status or driver)',
    description: 'Admins and dispatchers. Only the fields sent change; status and driver change through assign, pickup, deliver and cancel.',
  })
  @ID
  @ApiOkResponse({ type: LoadResponseDto })
  @ApiErrors({ 400: INVALID, 403: STAFF_ONLY, 404: NOT_FOUND, 409: 'The load is no longer posted, or the reference is already used' })
  update(@Param('id', uuidParamPipe()) id: string, @Body() dto: UpdateLoadDto): Promise<LoadResponseDto> {
    return this.loads.update(id, dto);
  }

  @Delete(':id')
  @Roles(UserRole.Admin, UserRole.Dispatcher)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Delete a posted load',
    description: 'Admins and dispatchers. Only a posted load can be deleted; cancel an assigned one instead.',
  })
  @ID
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors({ 400: INVALID, 403: STAFF_ONLY, 404: NOT_FOUND, 409: 'The load is no longer posted; the message names its status' })
  async remove(@Param('id', uuidParamPipe()) id: string): Promise<void> {
    await this.loads.remove(id);
  }

  @Post(':id/assign')
  @Idempotent()
  @Roles(UserRole.Admin, UserRole.Dispatcher)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Assign a posted load to an available driver (posted -> assigned); the driver becomes unavailable',
    description: 'Admins and dispatchers. The driver gets a notification.',
  })
  @ID
  @ApiOkResponse({ type: LoadResponseDto })
  @ApiErrors({ 400: INVALID, 403: STAFF_ONLY, 404: 'No such load or driver', 409: 'The load is not posted, or the driver is not available' })
  assign(@Param('id', uuidParamPipe()) id: string, @Body() dto: AssignLoadDto, @CurrentUser() user: AuthUser): Promise<LoadResponseDto> {
    return this.moves.assign(id, dto.driverId, user);
  }

  @Post(':id/pickup')
  @Idempotent()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Record the pickup (assigned -> in_transit): the assigned driver, a dispatcher or an admin',
    description: 'A driver may record only the pickup of a load assigned to them.',
  })
  @ID
  @ApiOkResponse({ type: LoadResponseDto })
  @ApiErrors({ 400: INVALID, 403: NOT_THE_ASSIGNED_DRIVER, 404: NOT_FOUND, 409: 'The load is not assigned; the message names its status' })
  pickup(@Param('id', uuidParamPipe()) id: string, @CurrentUser() user: AuthUser): Promise<LoadResponseDto> {
    return this.moves.pickup(id, user);
  }

  @Post(':id/deliver')
  @Idempotent()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Record the delivery (in_transit -> delivered); the driver becomes available again',
    description: 'A driver may record only the delivery of a load assigned to them.',
  })
  @ID
  @ApiOkResponse({ type: LoadResponseDto })
  @ApiErrors({ 400: INVALID, 403: NOT_THE_ASSIGNED_DRIVER, 404: NOT_FOUND, 409: 'The load is not in transit; the message names its status' })
  deliver(@Param('id', uuidParamPipe()) id: string, @CurrentUser() user: AuthUser): Promise<LoadResponseDto> {
    return this.moves.deliver(id, user);
  }

  @Post(':id/cancel')
  @Idempotent()
  @Roles(UserRole.Admin, UserRole.Dispatcher)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Cancel a posted or assigned load; an assigned driver becomes available again',
    description: 'Admins and dispatchers. Loads in transit or finished cannot be cancelled.',
  })
  @ID
  @ApiOkResponse({ type: LoadResponseDto })
  @ApiErrors({
    400: INVALID,
    403: STAFF_ONLY,
    404: NOT_FOUND,
    409: 'The load is in transit, delivered or cancelled; the message names its status',
  })
  cancel(@Param('id', uuidParamPipe()) id: string, @CurrentUser() user: AuthUser): Promise<LoadResponseDto> {
    return this.moves.cancel(id, user);
  }
}
