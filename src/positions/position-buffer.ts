import { Injectable } from '@nestjs/common';
import type { DriverPosition } from './driver-position';
import { LatestPositions } from './latest-positions';

/**
 * Reports accepted by this instance and not yet in PostgreSQL, the latest per driver: its size
 * is bounded by the number of drivers, however many reports arrive between flushes.
 */
@Injectable()
export class PositionBuffer {
  private readonly pending = new LatestPositions();

  add(position: DriverPosition): void {
    this.pending.put(position);
  }

  /** The batch for one flush; the buffer starts again empty. */
  take(): DriverPosition[] {
    return this.pending.drain();
  }

  /** A failed flush's batch goes back; reports that arrived meanwhile are newer and stay. */
  putBack(batch: DriverPosition[]): void {
    for (const position of batch) this.pending.put(position);
  }

  get size(): number {
    return this.pending.size;
  }
}
