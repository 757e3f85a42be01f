import { createClient, createCluster } from 'redis';
import { RedisConnectionOptions, socketOptions, StateListener, watchCluster, watchServer } from '../cache/stores/redis-connection';

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
  onStateChange(listener: StateListener): void;
}

export type PositionRedisOptions = RedisConnectionOptions;

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
    onStateChange: (listener) => watchServer(client, listener),
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
    onStateChange: (listener) => watchCluster(client, listener),
  };
}

export function createPositionRedis(options: PositionRedisOptions): PositionRedis {
  return options.cluster ? cluster(options) : standalone(options);
}
