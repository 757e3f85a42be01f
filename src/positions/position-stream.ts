import type { ServerResponse } from 'node:http';
import type { DriverPosition } from './driver-position';
import { PositionDto, toPositionDto } from './dto/position.dto';

/** Why a stream ended: sent as the last event, so a client knows whether to log in again. */
export type StreamEnd = 'token-expired' | 'token-revoked' | 'slow-client' | 'shutdown';

export interface PositionStreamOptions {
  /** Whether this client may see the driver's position. */
  visible: (driverId: string) => boolean;
  /** Positions of at most this many drivers may wait for a slow client; beyond, the stream ends. */
  maxPending: number;
  /** When the caller's token expires (ms since the epoch): the stream ends then. */
  expiresAtMs: number;
  /**
   * Whether the caller's token still matches its user's version and role (a password change,
   * role change or deletion revokes it); undefined while unknown. Asked at each heartbeat.
   */
  stillAuthorized?: () => boolean | undefined;
  /** Called once when the stream is gone, however it ended. */
  onClose: (stream: PositionStream, reason: StreamEnd | 'disconnected') => void;
}

/** setTimeout's longest delay; a later expiry re-arms the timer. */
const MAX_TIMER_MS = 2_147_483_647;
/** How long an EventSource waits before reconnecting after the stream ends. */
const RETRY_MS = 3000;

function event(name: string, data: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * One Server-Sent Events client. While the socket accepts writes, each report is one event.
 * When it does not (a slow reader: write() answered false), reports are coalesced to the
 * latest per driver until 'drain'; more than maxPending drivers waiting ends the stream, so a
 * client that stopped reading costs a bounded amount of memory. The client reconnects and
 * starts again from a snapshot.
 */
export class PositionStream {
  private readonly pending = new Map<string, DriverPosition>();
  private blocked = false;
  private closed = false;
  private expiry: NodeJS.Timeout | undefined;

  constructor(
    private readonly response: ServerResponse,
    private readonly options: PositionStreamOptions,
  ) {
    response.once('close', () => this.finish('disconnected'));
    // A client that left while the snapshot was read: its 'close' has already fired.
    if (response.destroyed || !response.socket || response.socket.destroyed) {
      setImmediate(() => this.finish('disconnected'));
      return;
    }
    this.armExpiry();
  }

  /** Headers, the reconnection delay, then the snapshot of every visible position. */
  start(headers: Record<string, string>, snapshot: DriverPosition[]): void {
    if (this.closed) return;
    this.response.writeHead(200, headers);
    const visible = snapshot.filter((p) => this.options.visible(p.driverId)).map(toPositionDto);
    this.write(`retry: ${RETRY_MS}\n\n${event('snapshot', { positions: visible })}`);
  }

  deliver(position: DriverPosition): void {
    if (this.closed || !this.options.visible(position.driverId)) return;
    if (!this.blocked) {
      this.write(event('position', toPositionDto(position)));
      return;
    }
    this.pending.delete(position.driverId);
    this.pending.set(position.driverId, position);
    if (this.pending.size > this.options.maxPending) this.end('slow-client');
  }

  /** A comment line: keeps proxies from closing an idle stream, and finds dead sockets. */
  heartbeat(): void {
    if (this.closed) return;
    if (this.options.stillAuthorized?.() === false) {
      this.end('token-revoked');
      return;
    }
    if (!this.blocked) this.write(': heartbeat\n\n');
  }

  /** Ends the stream with a last event saying why. */
  end(reason: StreamEnd): void {
    if (this.closed) return;
    this.response.end(event('end', { reason }));
    this.finish(reason);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private write(chunk: string): void {
    if (this.closed) return;
    if (this.response.write(chunk)) return;
    this.blocked = true;
    this.response.once('drain', () => this.drained());
  }

  private drained(): void {
    this.blocked = false;
    if (this.pending.size === 0) return;
    const waiting: PositionDto[] = [...this.pending.values()].map(toPositionDto);
    this.pending.clear();
    this.write(waiting.map((p) => event('position', p)).join(''));
  }

  private armExpiry(): void {
    const remaining = this.options.expiresAtMs - Date.now();
    if (remaining <= 0) {
      // Deferred: the caller has not started the stream yet.
      setImmediate(() => this.end('token-expired'));
      return;
    }
    this.expiry = setTimeout(() => this.armExpiry(), Math.min(remaining, MAX_TIMER_MS));
    this.expiry.unref();
  }

  private finish(reason: StreamEnd | 'disconnected'): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.expiry);
    this.pending.clear();
    this.options.onClose(this, reason);
  }
}
