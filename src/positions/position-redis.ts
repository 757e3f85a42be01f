import { createClient, createCluster } from 'redis';

/**
 * The Redis operations the position store needs, on one server or a Redis Cluster: commands
 * routed by their first key, and a subscription on a second connection (a subscribed
 * connection can send nothing else).
 */
export interface PositionRedis {
  send(firstKey: string, args: string[]): Promise<unknown>;
  /** Subscribes once; the client subscribes again by itself after a reconnect. */
  subscribe(channel: string, listener: (message: string) => void): Promise<void>;
  connect(): Promise<void>;
  close(): Promise<void>;
  /** Up: commands can be sent. Down: the connection failed. */
  onStateChange(listener: (up: boolean, reason?: string) => void): void;
}

export interface PositionRedisOptions {
  url: string;
  cluster: boolean;
  connectTimeoutMs: number;
}

function socketOptions(connectTimeoutMs: number) {
  return {
    connectTimeout: connectTimeoutMs,
    reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 1000),
  };
}

function standalone(options: PositionRedisOptions): PositionRedis {
  // No offline queue: while Redis is away a command fails at once instead of waiting.
  const client = createClient({ url: options.url, disableOfflineQueue: true, socket: socketOptions(options.connectTimeoutMs) });
  const subscriber = client.duplicate();
  // An 'error' with no listener would crash the process; the state listener reports them.
  subscriber.on('error', () => undefined);
  return {
    send: (_firstKey, args) => client.sendCommand(args),
    subscribe: (channel, listener) => subscriber.subscribe(channel, listener),
    async connect() {
      await Promise.all([client.connect(), subscriber.connect()]);
    },
    async close() {
      for (const c of [subscriber, client]) {
        if (c.isOpen) await c.close().catch(() => undefined);
        else c.destroy();
      }
    },
    onStateChange(listener) {
      client.on('ready', () => listener(true));
      client.on('error', (error: Error) => listener(false, error.message));
      client.on('end', () => listener(false, 'connection closed'));
    },
  };
}

function cluster(options: PositionRedisOptions): PositionRedis {
  const client = createCluster({
    rootNodes: [{ url: options.url }],
    defaults: { disableOfflineQueue: true, socket: socketOptions(options.connectTimeoutMs) },
  });
  return {
    send: (firstKey, args) => client.sendCommand(firstKey, false, args),
    subscribe: (channel, listener) => client.subscribe(channel, listener),
    async connect() {
      await client.connect();
    },
    async close() {
      await client.close().catch(() => undefined);
    },
    onStateChange(listener) {
      client.on('connect', () => listener(true));
      client.on('error', (error: Error) => listener(false, error.message));
      client.on('node-error', (error: Error) => listener(false, error.message));
      client.on('disconnect', () => listener(false, 'cluster disconnected'));
    },
  };
}

export function createPositionRedis(options: PositionRedisOptions): PositionRedis {
  return options.cluster ? cluster(options) : standalone(options);
}
