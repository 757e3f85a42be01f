import { Controller, Get, Header, Query, Req, Res } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthUser, JwtPayload } from '../auth/auth-user';
import { UserTokenStates } from '../auth/user-token-states';
import { CurrentUser } from '../auth/decorators';
import { ApiErrors } from '../common/api-errors.decorator';
import { ErrorResponseDto } from '../common/error-response';
import { errorBody } from '../common/http-error';
import { PositionListDto, toPositionDto } from './dto/position.dto';
import { PositionsQueryDto } from './dto/positions-query.dto';
import { visiblePositions } from './position-access';
import { PositionStreams } from './position-streams';
import { PositionsService } from './positions.service';

/** What a client is told to wait before trying another stream when this instance is full. */
const STREAM_RETRY_AFTER_SECONDS = 5;

const STREAM_DESCRIPTION = [
  'Server-Sent Events. First a `snapshot` event (`{"positions":[Position…]}`, as GET /api/drivers/positions answers), then one `position` event per report',
  '(made on any instance when the server uses Redis), a `: heartbeat` comment line every POSITION_STREAM_HEARTBEAT_MS, and a last `end` event',
  '(`{"reason":"token-expired"|"slow-client"|"shutdown"}`) when the server ends the stream: at the token’s expiry, when the client reads too slowly',
  '(more than POSITION_STREAM_MAX_PENDING drivers’ positions waiting; until then waiting positions are coalesced to the latest per driver), or at shutdown.',
  'Reconnect with a valid token to start again from a snapshot. Dispatch (admin, dispatcher) sees every driver, a driver only their own position.',
].join(' ');

/**
 * Live positions for dispatch boards: telemetry with its own freshness, never through the
 * response cache (no @CachePolicy). Static paths under /drivers: Fastify's router prefers
 * them to /drivers/:id whatever the registration order.
 */
@ApiTags('drivers')
@ApiBearerAuth()
@ApiErrors({ 401: 'No token, or an invalid or expired one' })
@Controller('drivers/positions')
export class PositionsController {
  constructor(
    private readonly positions: PositionsService,
    private readonly streams: PositionStreams,
    private readonly jwt: JwtService,
    private readonly tokenStates: UserTokenStates,
  ) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Latest reported position of each driver',
    description:
      'Not cached: a report is here as soon as its PATCH answered (on every instance when the server uses Redis). Dispatch (admin, dispatcher) sees every driver, a driver only their own position; driverIds narrows the answer.',
  })
  @ApiOkResponse({ type: PositionListDto })
  @ApiErrors({ 400: 'A driverIds value is not a UUID, or there are too many' })
  async list(@CurrentUser() user: AuthUser, @Query() query: PositionsQueryDto): Promise<PositionListDto> {
    const positions = await this.positions.latest(user, query.driverIds);
    return { data: positions.sort((a, b) => (a.driverId < b.driverId ? -1 : 1)).map(toPositionDto) };
  }

  @Get('stream')
  @ApiOperation({ summary: 'Live positions as a Server-Sent Events stream (text/event-stream)', description: STREAM_DESCRIPTION })
  @ApiOkResponse({
    description: 'An event stream that stays open until the client leaves or the server ends it',
    content: {
      'text/event-stream': {
        schema: { type: 'string', example: 'event: position\ndata: {"driverId":"…","lat":41.8,"lng":-87.6,"reportedAt":"…"}\n\n' },
      },
    },
  })
  @ApiErrors({ 400: 'A driverIds value is not a UUID, or there are too many' })
  @ApiResponse({
    status: 503,
    description: `This instance already serves POSITION_STREAM_MAX_CLIENTS streams, or is shutting down; retry after Retry-After seconds`,
    content: { 'application/json': { schema: { $ref: getSchemaPath(ErrorResponseDto) } } },
    headers: { 'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer', example: STREAM_RETRY_AFTER_SECONDS } } },
  })
  async stream(
    @CurrentUser() user: AuthUser,
    @Query() query: PositionsQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    if (this.streams.full) return this.busy(request, reply);
    const snapshot = await this.positions.latest(user, query.driverIds);
    // Checked again with no await before open(): the bound holds under concurrent opens.
    if (this.streams.full) return this.busy(request, reply);
    const may = visiblePositions(user);
    const only = query.driverIds ? new Set(query.driverIds) : undefined;
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) headers[name] = String(value);
    // Hijacked: Fastify's hooks (compression, the JSON onSend) stay off this long-lived response.
    reply.hijack();
    this.streams.open(reply.raw, {
      visible: only ? (driverId) => only.has(driverId) && may(driverId) : may,
      expiresAtMs: this.expiresAtMs(request),
      stillAuthorized: this.revocationCheck(request),
      snapshot,
      headers: {
        ...headers,
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        // nginx would otherwise buffer the stream (docker/nginx).
        'x-accel-buffering': 'no',
      },
    });
  }

  /**
   * At each heartbeat: does the token still match its user's version and role, as the guard
   * checks on every request? A stream outlives many requests, so a password change, role change
   * or deletion ends it within one heartbeat (plus the token-state bound on other instances).
   */
  private revocationCheck(request: FastifyRequest): () => boolean | undefined {
    const payload = this.payloadOf(request);
    return () => {
      if (!payload?.sub) return false;
      const state = this.tokenStates.peek(payload.sub);
      if (state === undefined) {
        // Not known without a read: ask now, answer at the next heartbeat.
        void this.tokenStates.get(payload.sub).catch(() => undefined);
        return undefined;
      }
      return state !== null && state.version === payload.ver && state.role === payload.role;
    };
  }

  private payloadOf(request: FastifyRequest): Partial<JwtPayload> | null {
    const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? '';
    return this.jwt.decode<Partial<JwtPayload> | null>(token);
  }

  /** The caller's token expiry; the guard already verified the token and that it has one. */
  private expiresAtMs(request: FastifyRequest): number {
    const exp = this.payloadOf(request)?.exp;
    return typeof exp === 'number' ? exp * 1000 : Date.now();
  }

  private busy(request: FastifyRequest, reply: FastifyReply): void {
    const body = errorBody(
      { status: 503, message: 'Too many position streams on this instance; retry shortly', unexpected: false },
      request.url.split('?')[0],
      String(request.id),
    );
    void reply
      .status(503)
      .header('retry-after', String(STREAM_RETRY_AFTER_SECONDS))
      .header('content-type', 'application/json; charset=utf-8')
      .send(JSON.stringify(body));
  }
}
