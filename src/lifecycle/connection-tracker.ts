import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Server as NetServer, Socket } from 'node:net';

interface ConnectionState {
  /** Requests on this connection not yet answered. */
  active: number;
  /** When its last response finished (or it opened). */
  idleSince: number;
}

/**
 * Knows every open connection of the HTTP server and whether a request is in flight on it,
 * so a shutdown can wait for answers and close only connections nobody is using.
 */
export class ConnectionTracker {
  private readonly connections = new Map<Socket, ConnectionState>();

  constructor(private readonly server: Server) {
    server.on('connection', (socket: Socket) => {
      this.connections.set(socket, { active: 0, idleSince: Date.now() });
      socket.once('close', () => this.connections.delete(socket));
    });
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      const state = this.connections.get(request.socket);
      if (!state) return;
      state.active++;
      response.once('close', () => {
        state.active--;
        state.idleSince = Date.now();
      });
    });
  }

  get openConnections(): number {
    return this.connections.size;
  }

  get requestsInFlight(): number {
    let total = 0;
    for (const state of this.connections.values()) total += state.active;
    return total;
  }

  /**
   * Stops accepting connections and leaves the open ones alone. http.Server#close() would
   * also close every idle keep-alive connection at once, racing a client that is just
   * sending its next request on one: that client gets ECONNRESET.
   */
  stopAccepting(): void {
    NetServer.prototype.close.call(this.server);
  }

  /** Closes connections that carry no request and have been idle at least this long. */
  closeIdle(idleForMs: number): void {
    const now = Date.now();
    for (const [socket, state] of this.connections) {
      if (state.active === 0 && now - state.idleSince >= idleForMs) socket.end();
    }
  }

  /** The deadline passed: every connection goes, answered or not. */
  destroyAll(): void {
    for (const socket of this.connections.keys()) socket.destroy();
  }
}
