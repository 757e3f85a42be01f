import { gunzipSync } from 'node:zlib';
import { GZIP_THRESHOLD_BYTES } from '../common/compression';
import { buildCachedResponse, decodeCachedResponse, encodeCachedResponse } from './cached-response';
import { etagMatches } from './not-modified.hook';
import { acceptsGzip } from '../common/compression';

describe('cached responses', () => {
  it('round-trips through the binary encoding', () => {
    const body = Buffer.from(JSON.stringify({ data: 'x'.repeat(2000) }));
    const entry = buildCachedResponse(body, 300_000, 1_000);
    const decoded = decodeCachedResponse(encodeCachedResponse(entry))!;
    expect(decoded.body.equals(body)).toBe(true);
    expect(decoded.etag).toBe(entry.etag);
    expect(decoded.expiresAt).toBe(301_000);
    expect(gunzipSync(decoded.gzip!).equals(body)).toBe(true);
  });

  it('makes a gzip variant only from 1 KB on', () => {
    expect(buildCachedResponse(Buffer.alloc(GZIP_THRESHOLD_BYTES - 1, 'a'), 1000).gzip).toBeNull();
    expect(buildCachedResponse(Buffer.alloc(GZIP_THRESHOLD_BYTES, 'a'), 1000).gzip).not.toBeNull();
  });

  it('gives a strong ETag that changes with the body', () => {
    const a = buildCachedResponse(Buffer.from('{"a":1}'), 1000).etag;
    expect(a).toMatch(/^"[\w-]+"$/);
    expect(buildCachedResponse(Buffer.from('{"a":2}'), 1000).etag).not.toBe(a);
  });

  it('reads a corrupt or foreign value as a miss', () => {
    expect(decodeCachedResponse(Buffer.from('{"value":"x","expires":1}'))).toBeNull();
    expect(decodeCachedResponse(Buffer.alloc(2))).toBeNull();
  });

  it('matches If-None-Match lists, weak forms and *', () => {
    expect(etagMatches('"a", "b"', '"b"')).toBe(true);
    expect(etagMatches('W/"b"', '"b"')).toBe(true);
    expect(etagMatches('*', '"b"')).toBe(true);
    expect(etagMatches('"c"', '"b"')).toBe(false);
  });

  it('honours Accept-Encoding q-values', () => {
    expect(acceptsGzip('gzip, deflate, br')).toBe(true);
    expect(acceptsGzip('br;q=1, gzip;q=0.5')).toBe(true);
    expect(acceptsGzip('gzip;q=0')).toBe(false);
    expect(acceptsGzip('identity')).toBe(false);
    expect(acceptsGzip('*')).toBe(true);
    expect(acceptsGzip(undefined)).toBe(false);
  });
});
