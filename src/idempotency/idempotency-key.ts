import { createHash } from 'node:crypto';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'idempotent-replayed';
export const MAX_KEY_LENGTH = 255;

/**
 * The key of an Idempotency-Key header, or a reason it is refused. The draft
 * (draft-ietf-httpapi-idempotency-key-header) makes the value a structured-field string,
 * `"8e03978e-…"`; a bare token, as most clients send, is accepted too. Printable ASCII only,
 * 1 to 255 characters.
 */
export function parseIdempotencyKey(header: string | string[]): { key: string } | { problem: string } {
  if (Array.isArray(header)) return { problem: 'Send one Idempotency-Key header' };
  let key = header.trim();
  if (key.length >= 2 && key.startsWith('"') && key.endsWith('"')) {
    key = key.slice(1, -1);
    if (/(^|[^\\])\\(?!["\\])/.test(key)) return { problem: 'Idempotency-Key is not a valid string' };
    key = key.replace(/\\(["\\])/g, '$1');
  }
  if (key.length === 0) return { problem: 'Idempotency-Key must not be empty' };
  if (key.length > MAX_KEY_LENGTH) return { problem: `Idempotency-Key must be at most ${MAX_KEY_LENGTH} characters` };
  if (!/^[\x20-\x7e]+$/.test(key)) return { problem: 'Idempotency-Key must be printable ASCII' };
  return { key };
}

/** Objects with their keys sorted, so `{"a":1,"b":2}` and `{"b":2,"a":1}` are one request. */
function sortedKeys(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries);
}

/** What must match for a repeated key to be the same request: method, path with query, and body. */
export function requestFingerprint(method: string, url: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method.toUpperCase()} ${url}\n`)
    .update(body === undefined ? '' : JSON.stringify(body, sortedKeys))
    .digest('hex');
}
