import { waitUntil } from './wait-until';

export interface StreamEvent {
  event: string;
  data: unknown;
}

export interface EventStreamClient {
  status: number;
  headers: Headers;
  /** The body of a non-stream answer (an error), parsed when JSON. */
  body: unknown;
  events: StreamEvent[];
  /** Comment lines (": heartbeat"), without the colon. */
  comments: string[];
  /** Resolves once the server ended the stream (or it failed). */
  ended: Promise<void>;
  isEnded(): boolean;
  /** The first event (from the start) that matches, waiting for it. */
  waitFor(match: (event: StreamEvent) => boolean, what?: string): Promise<StreamEvent>;
  /** The client leaves: the connection is cut. */
  close(): void;
}

/**
 * A Server-Sent Events client over fetch (EventSource cannot send an Authorization header):
 * parses events and comment lines as they arrive.
 */
export async function openEventStream(url: string, token?: string): Promise<EventStreamClient> {
  const abort = new AbortController();
  const headers: Record<string, string> = { accept: 'text/event-stream' };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(url, { headers, signal: abort.signal });
  const events: StreamEvent[] = [];
  const comments: string[] = [];
  let ended = false;
  const streaming = (response.headers.get('content-type') ?? '').startsWith('text/event-stream');
  let body: unknown;
  let done: Promise<void>;
  if (!streaming) {
    const text = await response.text();
    body = (response.headers.get('content-type') ?? '').includes('json') && text ? JSON.parse(text) : text;
    ended = true;
    done = Promise.resolve();
  } else {
    done = (async () => {
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      try {
        for (;;) {
          const { value, done: finished } = await reader.read();
          if (finished) break;
          buffer += decoder.decode(value, { stream: true });
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            let name = 'message';
            const data: string[] = [];
            for (const line of block.split('\n')) {
              if (line.startsWith(':')) comments.push(line.slice(1).trim());
              else if (line.startsWith('event:')) name = line.slice(6).trim();
              else if (line.startsWith('data:')) data.push(line.slice(5).trim());
            }
            if (data.length) events.push({ event: name, data: JSON.parse(data.join('\n')) });
          }
        }
      } catch {
        // Aborted by close(), or the connection was cut.
      } finally {
        ended = true;
      }
    })();
  }
  return {
    status: response.status,
    headers: response.headers,
    body,
    events,
    comments,
    ended: done,
    isEnded: () => ended,
    async waitFor(match, what = 'event') {
      let found: StreamEvent | undefined;
      await waitUntil(() => (found = events.find(match)) !== undefined || ended, 15_000, what);
      if (!found) throw new Error(`stream ended before ${what}: ${JSON.stringify(events)}`);
      return found;
    },
    close: () => abort.abort(),
  };
}
