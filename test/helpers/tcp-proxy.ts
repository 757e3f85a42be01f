import { createServer, connect, Server, Socket } from 'node:net';

export interface TcpProxy {
  port: number;
  /**
   * Stops forwarding (both ways, or only the server's replies: a query then runs but its
   * answer is held back); sockets stay open, so the far end just goes silent.
   */
  stall(which?: 'both' | 'replies'): void;
  /** Destroys every socket and drops new ones at once: the link is down. */
  cut(): void;
  /** Forwards again (what was held back while stalled goes through) and accepts new sockets. */
  heal(): void;
  /** Bytes held back now: shows that a stalled request (or its answer) has reached the proxy. */
  heldBytes(): number;
  close(): Promise<void>;
}

type Mode = 'open' | 'stalled' | 'replies-stalled' | 'cut';

/**
 * A TCP proxy in front of one port (Redis, PostgreSQL), so a test can partition one client
 * from the server without touching the server or the other clients. Data is held back per
 * socket rather than by pausing pipes: a paused pipe resumes by itself when its destination
 * drains, which would leak traffic through a "stalled" link.
 */
export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  let mode: Mode = 'open';
  const sockets = new Set<Socket>();
  const flushers = new Set<() => void>();
  let held = 0;

  const server: Server = createServer((client) => {
    if (mode === 'cut') return void client.destroy();
    const upstream = connect(targetPort, targetHost);
    const queue: Array<[Socket, Buffer]> = [];
    const forward = (to: Socket) => (chunk: Buffer) => {
      if (mode === 'open' || (mode === 'replies-stalled' && to === upstream)) return void to.write(chunk);
      queue.push([to, chunk]);
      held += chunk.length;
    };
    const flush = () => {
      for (const [to, chunk] of queue.splice(0)) to.write(chunk);
    };
    client.on('data', forward(upstream));
    upstream.on('data', forward(client));
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
      flushers.delete(flush);
      held -= queue.splice(0).reduce((sum, [, chunk]) => sum + chunk.length, 0);
    };
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', end);
      socket.on('close', end);
    }
    flushers.add(flush);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    port,
    stall: (which = 'both') => {
      mode = which === 'both' ? 'stalled' : 'replies-stalled';
    },
    cut: () => {
      mode = 'cut';
      for (const socket of sockets) socket.destroy();
    },
    heal: () => {
      mode = 'open';
      for (const flush of flushers) flush();
      held = 0;
    },
    heldBytes: () => held,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
