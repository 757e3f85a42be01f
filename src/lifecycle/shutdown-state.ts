import { Injectable } from '@nestjs/common';

/** Where the process is in its shutdown; readiness and the HTTP hooks read it. */
@Injectable()
export class ShutdownState {
  /** SIGTERM arrived: readiness answers 503 so load balancers stop sending requests. */
  shuttingDown = false;
  /** The listener is closed: every response says Connection: close, so kept-alive clients go. */
  draining = false;
  private readonly drainListeners = new Set<() => void>();

  /**
   * Called when the drain begins. For connections that never finish by themselves (event
   * streams): the drain would otherwise wait for them until SHUTDOWN_TIMEOUT_MS.
   */
  onDraining(listener: () => void): () => void {
    this.drainListeners.add(listener);
    return () => {
      this.drainListeners.delete(listener);
    };
  }

  startDraining(): void {
    this.draining = true;
    for (const listener of this.drainListeners) listener();
  }
}
