import { createClient, createCluster, RESP_TYPES } from 'redis';

/**
 * The few Redis operations the response store needs, on a single server or on a Redis
 * Cluster. On a cluster a command goes to the node of its first key's slot, so the store sends
 * multi-key commands and scripts one slot group at a time; pattern clearing scans every master.
 */
export interface RedisConnection {
  /** A command routed by its first key, with string replies. */
  send(firstKey: string, args: Array<string | Buffer>): Promise<unknown>;
  /** The same with bulk strings as Buffers (MGET, EVALSHA: entries are raw bytes). */
  sendBinary(firstKey: string, args: Array<string | Buffer>): Promise<unknown>;
  /** SCAN MATCH on every master (the one server when not a cluster), a batch at a time. */
  scanAll(pattern: string, count: number, onKeys: (keys: string[]) => Promise<void>): Promise<void>;
  unlink(keys: string[]): Promise<number>;
  /** PING answered by the server, or by every master of a cluster: the cache spans them all. */
  ping(): Promise<boolean>;
  connect(): Promise<void>;
  close(): Promise<void>;
  /** Up: commands can be sent. Down: the connection (or a node) failed. */
  onStateChange(listener: StateListener): void;
}

export interface RedisConnectionOptions {
  url: string;
  cluster: boolean;
  connectTimeoutMs: number;
}

const BINARY = { [RESP_TYPES.BLOB_STRING]: Buffer } as const;

/** Socket settings shared by every Redis connection of the app (the cache's, the positions'). */
export function socketOptions(connectTimeoutMs: number) {
  return {
    connectTimeout: connectTimeoutMs,
    // Retry quickly at first, then every second: the cache comes back by itself.
    reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 1000),
  };
}

export type StateListener = (up: boolean, reason?: string) => void;

/** The events of node-redis clients that say whether commands can be sent. */
interface EmitsEvents {
  on(event: string, listener: (error: Error) => void): unknown;
}

/** Up once ready; down on an error or a closed connection. */
export function watchServer(client: EmitsEvents, listener: StateListener): void {
  client.on('ready', () => listener(true));
  client.on('error', (error: Error) => listener(false, error.message));
  client.on('end', () => listener(false, 'connection closed'));
}

/** The same for a cluster client: a node's error counts as down too. */
export function watchCluster(client: EmitsEvents, listener: StateListener): void {
  client.on('connect', () => listener(true));
  client.on('error', (error: Error) => listener(false, error.message));
  client.on('node-error', (error: Error) => listener(false, error.message));
  client.on('disconnect', () => listener(false, 'cluster disconnected'));
}

type ScanReply = { cursor: unknown; keys: string[] };

/** SCAN MATCH over one server, a batch at a time, until the cursor comes back to 0. */
async function scanNode(
  node: { scan(cursor: string, options: { MATCH: string; COUNT: number }): Promise<ScanReply> },
  pattern: string,
  count: number,
  onKeys: (keys: string[]) => Promise<void>,
): Promise<void> {
  let cursor = '0';
  do {
    const reply = await node.scan(cursor, { MATCH: pattern, COUNT: count });
    cursor = String(reply.cursor);
    if (reply.keys.length > 0) await onKeys(reply.keys);
  } while (cursor !== '0');
}

function standalone(options: RedisConnectionOptions): RedisConnection {
  const client = createClient({ url: options.url, disableOfflineQueue: true, socket: socketOptions(options.connectTimeoutMs) });
  return {
    send: (_firstKey, args) => client.sendCommand(args),
    sendBinary: (_firstKey, args) => client.sendCommand(args, { typeMapping: BINARY }),
    scanAll: (pattern, count, onKeys) => scanNode(client, pattern, count, onKeys),
    unlink: (keys) => client.unlink(keys),
    ping: async () => (await client.ping()) === 'PONG',
    connect: async () => {
      await client.connect();
    },
    async close() {
      if (client.isOpen) await client.close().catch(() => undefined);
      else client.destroy();
    },
    onStateChange: (listener) => watchServer(client, listener),
  };
}

function cluster(options: RedisConnectionOptions): RedisConnection {
  const client = createCluster({
    rootNodes: [{ url: options.url }],
    defaults: { disableOfflineQueue: true, socket: socketOptions(options.connectTimeoutMs) },
  });
  return {
    send: (firstKey, args) => client.sendCommand(firstKey, false, args),
    sendBinary: (firstKey, args) => client.sendCommand(firstKey, false, args, { typeMapping: BINARY }),
    async scanAll(pattern, count, onKeys) {
      for (const master of client.masters) {
        await scanNode(await client.nodeClient(master), pattern, count, onKeys);
      }
    },
    // Keys found by a scan may sit in different slots: one UNLINK each, sent together.
    async unlink(keys) {
      const removed = await Promise.all(keys.map((key) => client.unlink(key)));
      return removed.reduce((sum, n) => sum + Number(n), 0);
    },
    async ping() {
      const replies = await Promise.all(client.masters.map(async (master) => (await client.nodeClient(master)).ping()));
      return replies.length > 0 && replies.every((reply) => reply === 'PONG');
    },
    connect: async () => {
      await client.connect();
    },
    async close() {
      await client.close().catch(() => undefined);
    },
    onStateChange: (listener) => watchCluster(client, listener),
  };
}

export function createRedisConnection(options: RedisConnectionOptions): RedisConnection {
  return options.cluster ? cluster(options) : standalone(options);
}
