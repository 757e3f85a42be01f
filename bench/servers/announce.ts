import type { Server } from 'node:net';

/** What a server child sends the bench (over the IPC channel) once it listens. */
export interface ListeningMessage {
  listening: number;
}

/** The bench asks for the child's CPU time around each run: a figure that other load on
 * the machine disturbs far less than requests/s. */
export interface CpuMessage {
  cpu: { user: number; system: number };
}

export function announce(server: Server): void {
  process.on('message', (message: { cpu?: boolean }) => {
    if (message.cpu && process.send) process.send({ cpu: process.cpuUsage() } satisfies CpuMessage);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const message: ListeningMessage = { listening: port };
  // IPC rather than stdout: stdout carries the app's own log lines, written to a file.
  if (process.send) process.send(message);
  else console.log(`listening on ${port}`);
}

/** Children stop when the bench tells them to, or when the bench itself goes away. */
export function stopOn(close: () => Promise<void>): void {
  const stop = () => void close().finally(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.on('disconnect', stop);
}
