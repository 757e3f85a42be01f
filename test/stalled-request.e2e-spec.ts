import { connect, Socket } from 'node:net';
import { startTestApp, TestApp } from './helpers/test-app';

// Short here so the test is quick; the default is 30 s.
const REQUEST_TIMEOUT_MS = 1000;
// Generous: the bound is checked once a second on a busy machine; a stalled body used to stay open forever.
const DEADLINE_MS = 20_000;

interface Stalled {
  socket: Socket;
  /** Resolves when the server closes the connection, with what it sent first (a 408, or nothing). */
  closed: Promise<{ reply: string; afterMs: number }>;
}

function openStalled(port: number, firstBytes: string): Stalled {
  const socket = connect(port, '127.0.0.1');
  const started = Date.now();
  let reply = '';
  const closed = new Promise<{ reply: string; afterMs: number }>((resolve) => {
    socket.on('data', (chunk: Buffer) => (reply += chunk.toString()));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve({ reply, afterMs: Date.now() - started }));
  });
  socket.write(firstBytes);
  return { socket, closed };
}

async function closedWithin<T>(promise: Promise<T>, ms: number): Promise<T | 'still open'> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'still open'>((resolve) => (timer = setTimeout(() => resolve('still open'), ms)));
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

const HALF_BODY = [
  'POST /api/loads HTTP/1.1',
  'Host: localhost',
  'Content-Type: application/json',
  'Content-Length: 200',
  '',
  '{"reference":"STALL-1",',
].join('\r\n');

/** A client that stalls mid-request loses its connection within the configured bound. */
describe('stalled requests', () => {
  let t: TestApp;
  let port: number;
  const open: Socket[] = [];

  beforeAll(async () => {
    t = await startTestApp({ REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS) });
    port = Number(new URL(t.baseUrl).port);
  });
  afterEach(() => open.splice(0).forEach((socket) => socket.destroy()));
  afterAll(() => t.close());

  const stall = (firstBytes: string) => {
    const stalled = openStalled(port, firstBytes);
    open.push(stalled.socket);
    return stalled;
  };

  it('closes a connection whose body stops halfway, with a 408', async () => {
    const result = await closedWithin(stall(HALF_BODY).closed, DEADLINE_MS);
    expect(result).not.toBe('still open');
    expect(result !== 'still open' && result.reply).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('closes a connection whose headers never finish', async () => {
    const result = await closedWithin(stall('GET /api/health HTTP/1.1\r\nHost: localhost\r\nX-Slow: ').closed, DEADLINE_MS);
    expect(result).not.toBe('still open');
  });

  it('does not let a trickle of bytes extend the bound: it covers the whole request', async () => {
    const stalled = stall(HALF_BODY);
    const trickle = setInterval(() => stalled.socket.writable && stalled.socket.write(' '), 100);
    try {
      expect(await closedWithin(stalled.closed, DEADLINE_MS)).not.toBe('still open');
    } finally {
      clearInterval(trickle);
    }
  });

  it('closes many stalled connections at once and keeps serving', async () => {
    const many = Array.from({ length: 100 }, () => stall(HALF_BODY));
    const results = await Promise.all(many.map((s) => closedWithin(s.closed, DEADLINE_MS)));
    expect(results.filter((r) => r === 'still open')).toHaveLength(0);
    expect((await t.request('GET', '/api/health')).status).toBe(200);
  });
});
