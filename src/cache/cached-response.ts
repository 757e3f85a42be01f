import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { GZIP_LEVEL, GZIP_THRESHOLD_BYTES } from '../common/compression';

/** A finished response: what a hit sends, with no handler, query, serialisation or compression. */
export interface CachedResponse {
  body: Buffer;
  gzip: Buffer | null;
  etag: string;
  /** Epoch ms when the entry expires; gives the remaining max-age. */
  expiresAt: number;
}

export function buildCachedResponse(body: Buffer, ttlMs: number, now = Date.now()): CachedResponse {
  return {
    body,
    gzip: body.length >= GZIP_THRESHOLD_BYTES ? gzipSync(body, { level: GZIP_LEVEL }) : null,
    etag: `"${createHash('sha1').update(body).digest('base64url')}"`,
    expiresAt: now + ttlMs,
  };
}

/**
 * One binary value per entry: [u32 header length][header JSON][body][gzip].
 * Redis holds raw bytes, so a hit is one GET and a slice, with no JSON reviver.
 */
export function encodeCachedResponse(entry: CachedResponse): Buffer {
  const header = Buffer.from(JSON.stringify({ e: entry.etag, x: entry.expiresAt, b: entry.body.length, g: entry.gzip?.length ?? 0 }));
  const length = Buffer.allocUnsafe(4);
  length.writeUInt32BE(header.length, 0);
  return Buffer.concat(entry.gzip ? [length, header, entry.body, entry.gzip] : [length, header, entry.body]);
}

export function decodeCachedResponse(raw: Buffer): CachedResponse | null {
  if (raw.length < 4) return null;
  const headerLength = raw.readUInt32BE(0);
  if (4 + headerLength > raw.length) return null;
  let header: { e: string; x: number; b: number; g: number };
  try {
    header = JSON.parse(raw.toString('utf8', 4, 4 + headerLength)) as typeof header;
  } catch {
    return null;
  }
  const bodyStart = 4 + headerLength;
  const gzipStart = bodyStart + header.b;
  if (gzipStart + header.g !== raw.length) return null;
  return {
    etag: header.e,
    expiresAt: header.x,
    body: raw.subarray(bodyStart, gzipStart),
    gzip: header.g > 0 ? raw.subarray(gzipStart) : null,
  };
}
