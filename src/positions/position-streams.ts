import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { ShutdownState } from '../lifecycle/shutdown-state';
import type { DriverPosition } from './driver-position';
import { POSITION_METRICS, PositionMetrics } from './position-metrics';
import { POSITION_STORE, PositionStore } from './position-store';
import { PositionStream } from './position-stream';

export interface OpenStream {
  visible: (driverId: string) => boolean;
  stillAuthorized?: () => boolean | undefined;
  expiresAtMs: number;
  headers: Record<string, string>;
  snapshot: DriverPosition[];
}

/**
 * This instance's open position streams: at most POSITION_STREAM_MAX_CLIENTS, one store
 * listener for all of them (not one per client), one heartbeat timer for all. A stream leaves
 * the set however it ends (client gone, token expired, too slow, shutdown), so a disconnected
 * client leaves nothing behind; `count` is what /api/health and the gauge show.
 */
@Injectable()
export class PositionStreams implements OnModuleInit, OnModuleDestroy {
  private readonly streams = new Set<PositionStream>();
  private heartbeat: NodeJS.Timeout | undefined;
  private stopListening?: () => void;
  private stopDrainWatch?: () => void;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(POSITION_STORE) private readonly store: PositionStore,
    @Inject(POSITION_METRICS) private readonly metrics: PositionMetrics,
    private readonly shutdown: ShutdownState,
  ) {}

  onModuleInit(): void {
    this.stopListening = this.store.listen((notice) => {
      if (notice.type !== 'report') return;
      for (const stream of this.streams) stream.deliver(notice.position);
    });
    // Streams never end by themselves: the graceful drain ends them at its start.
    this.stopDrainWatch = this.shutdown.onDraining(() => this.endAll());
    this.metrics.streamClients(0);
  }

  /** Also on a plain app.close(): Fastify's close would wait for these connections forever. */
  onModuleDestroy(): void {
    this.stopListening?.();
    this.stopDrainWatch?.();
    this.endAll();
  }

  get count(): number {
    return this.streams.size;
  }

  /** No room for another stream on this instance (or it is shutting down). */
  get full(): boolean {
    return this.shutdown.draining || this.streams.size >= this.config.positions.streamMaxClients;
  }

  /** Starts a stream on the response, or answers false when full. */
  open(response: ServerResponse, options: OpenStream): boolean {
    if (this.full) return false;
    const stream = new PositionStream(response, {
      visible: options.visible,
      maxPending: this.config.positions.streamMaxPending,
      expiresAtMs: options.expiresAtMs,
      stillAuthorized: options.stillAuthorized,
      onClose: (closed, reason) => this.closed(closed, reason),
    });
    this.streams.add(stream);
    this.metrics.streamClients(this.streams.size);
    this.startHeartbeat();
    stream.start(options.headers, options.snapshot);
    return true;
  }

  private closed(stream: PositionStream, reason: string): void {
    this.streams.delete(stream);
    this.metrics.streamClients(this.streams.size);
    if (reason === 'slow-client') this.metrics.streamDropped();
    if (this.streams.size === 0) this.stopHeartbeat();
  }

  private startHeartbeat(): void {
    if (this.heartbeat) return;
    this.heartbeat = setInterval(() => {
      for (const stream of this.streams) stream.heartbeat();
    }, this.config.positions.streamHeartbeatMs);
    this.heartbeat.unref();
  }

  private stopHeartbeat(): void {
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }

  private endAll(): void {
    for (const stream of [...this.streams]) stream.end('shutdown');
    this.stopHeartbeat();
  }
}
