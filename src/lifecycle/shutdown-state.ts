import { Injectable } from '@nestjs/common';

/** Where the process is in its shutdown; readiness and the HTTP hooks read it. */
@Injectable()
export class ShutdownState {
  /** SIGTERM arrived: readiness answers 503 so load balancers stop sending requests. */
  shuttingDown = false;
  /** The listener is closed: every response says Connection: close, so kept-alive clients go. */
  draining = false;
}
