import { Logger } from '@nestjs/common';
import type { PositionListener, PositionNotice } from './position-store';

/** This instance's listeners of a store; a listener that throws does not stop the others. */
export class PositionListeners {
  private readonly logger = new Logger('PositionListeners');
  private readonly listeners = new Set<PositionListener>();

  add(listener: PositionListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  notify(notice: PositionNotice): void {
    for (const listener of this.listeners) {
      try {
        listener(notice);
      } catch (error) {
        this.logger.warn(`A position listener failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  get size(): number {
    return this.listeners.size;
  }

  clear(): void {
    this.listeners.clear();
  }
}
