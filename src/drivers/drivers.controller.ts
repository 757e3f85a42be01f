import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/decorators';
import { CachePolicy } from '../cache/cache-policy.decorator';
import { driverListMembership, DriversCache } from './drivers.cache';
import { ApiErrors } from '../common/api-errors.decorator';
import type { Page } from '../common/cursor';
import { uuidParamPipe } from '../common/uuid-param';
import { UserRole } from '../users/user-role';
import { DriversService } from './drivers.service';
import { CreateDriverDto } from './dto/create-driver.dto';
import { DriverPageDto, DriverResponseDto } from './dto/driver-response.dto';
import { ListDriversQueryDto } from './dto/list-drivers-query.dto';
import { UpdateDriverDto } from './dto/update-driver.dto';
import { UpdateLocationDto } from './dto/update-location.dto';
import { Idempotent } from '../idempotency/idempotent.decorator';

/** How long a drivers page is fresh; it is kept twice as long (see the list route). */
export const DRIVER_LIST_TTL_SECONDS = 30;

@ApiTags('drivers')
@ApiBearerAuth()
@ApiErrors({ 401: 'No token, or an invalid or expired one' })
@Controller('drivers')
export class DriversController {
  constructor(private readonly drivers: DriversService) {}

  @Get()
  // 30 s: a page is kept 2 x TTL and served while refreshed past its TTL, so the positions it
  // shows are at most ~60 s (plus one POSITION_FLUSH_MS) old; everything else in it is exact.
  @CachePolicy({ ttlSeconds: DRIVER_LIST_TTL_SECONDS, scope: 'shared', dependsOn: [driverListMembership] })
  @ApiOperation({
    summary: 'List drivers, newest first (keyset pagination)',
    description:
      'Pass nextCursor as cursor for the next page. Exact for the driver records: a change to a driver whose availability (before or after) matches the isAvailable filter invalidates it. Positions (location) are telemetry: a page shows them as of when it was built, at most about 60 s old; GET /api/drivers/positions has the latest.',
  })
  @ApiOkResponse({ type: DriverPageDto })
  @ApiErrors({ 400: 'Bad isAvailable, limit or cursor' })
  list(@Query() query: ListDriversQueryDto): Promise<Page<DriverResponseDto>> {
    return this.drivers.list(query);
  }

  @Get(':id')
  @CachePolicy({ ttlSeconds: 300, scope: 'shared', dependsOn: [DriversCache.driver.fromParam('id')] })
  @ApiOperation({
    summary: 'One driver',
    description:
      'Cached for 5 minutes and invalidated when this driver changes, and when a flush writes its reported position to PostgreSQL (about once per POSITION_FLUSH_MS, default 1 s).',
  })
  @ApiOkResponse({ type: DriverResponseDto })
  @ApiErrors({ 400: 'id is not a UUID', 404: 'No such driver' })
  get(@Param('id', uuidParamPipe()) id: string): Promise<DriverResponseDto> {
    return this.drivers.get(id);
  }

  @Post()
  @Idempotent()
  @Roles(UserRole.Admin, UserRole.Dispatcher)
  @ApiOperation({
    summary: 'Create a driver for an existing user account with role driver',
    description: 'Admins and dispatchers. One driver record per user account.',
  })
  @ApiCreatedResponse({ type: DriverResponseDto })
  @ApiErrors({
    400: 'Invalid body',
    403: 'Needs role admin or dispatcher',
    404: 'No such user',
    409: 'The user does not have role driver, or is already linked to a driver',
  })
  create(@Body() dto: CreateDriverDto): Promise<DriverResponseDto> {
    return this.drivers.create(dto);
  }

  @Patch(':id')
  @Roles(UserRole.Admin, UserRole.Dispatcher)
  @ApiOperation({
    summary: 'Update name, phone, license number or availability',
    description: 'isAvailable=true is refused (409) while the driver has an assigned or in-transit load; false (off duty) is always accepted.',
  })
  @ApiOkResponse({ type: DriverResponseDto })
  @ApiErrors({
    400: 'Invalid body or id',
    403: 'Needs role admin or dispatcher',
    404: 'No such driver',
    409: 'The driver has an active load and cannot be made available',
  })
  update(@Param('id', uuidParamPipe()) id: string, @Body() dto: UpdateDriverDto): Promise<DriverResponseDto> {
    return this.drivers.update(id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles(UserRole.Admin)
  @ApiOperation({
    summary: 'Delete a driver that no load references',
    description: 'Admins only. A driver that any load (active or past) references cannot be deleted; set isAvailable=false instead.',
  })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors({
    400: 'id is not a UUID',
    403: 'Needs role admin',
    404: 'No such driver',
    409: 'Loads (active or past) reference the driver',
  })
  remove(@Param('id', uuidParamPipe()) id: string): Promise<void> {
    return this.drivers.remove(id);
  }

  @Patch(':id/location')
  @ApiOperation({
    summary: "Report a driver's current position (the driver themself, an admin or a dispatcher)",
    description:
      "The position is stored with the time it was reported. It is at once in GET /api/drivers/positions and the position stream, and in the driver's record (GET /api/drivers/:id) after the next flush to PostgreSQL (POSITION_FLUSH_MS, default 1 s).",
  })
  @ApiOkResponse({ type: DriverResponseDto })
  @ApiErrors({ 400: 'Invalid lat/lng or id', 403: "A driver reporting another driver's position", 404: 'No such driver' })
  updateLocation(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidParamPipe()) id: string,
    @Body() dto: UpdateLocationDto,
  ): Promise<DriverResponseDto> {
    return this.drivers.updateLocation(user, id, dto);
  }
}
