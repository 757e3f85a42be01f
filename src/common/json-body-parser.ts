import { BadRequestException } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Server } from 'node:http';

/** Far deeper than any request body the API takes (a route stop sits at depth 3). */
export const MAX_JSON_DEPTH = 32;
/**
 * Arrays, objects and the commas between their entries in one body: about the number of values.
 * The largest valid body, a route of 50 stops, counts about 200; validating 100 KB of tiny items
 * (`[{},{},…]`) took 1-4 s of CPU, about 35 us per item.
 */
export const MAX_JSON_NODES = 1000;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/**
 * Why a JSON body is too costly to parse and validate, found in one pass over the bytes without
 * parsing: 'depth' when arrays and objects nest deeper than maxDepth, 'nodes' when it holds more
 * than maxNodes items and members (counted as commas and openings, an upper bound). Brackets and
 * commas inside strings do not count; multi-byte UTF-8 never contains these ASCII bytes.
 * Unbalanced input is left for JSON.parse to refuse.
 */
export function jsonBodyTooCostly(body: Buffer, maxDepth: number, maxNodes: number): 'depth' | 'nodes' | undefined {
  let depth = 0;
  let nodes = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const byte = body[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      if (++depth > maxDepth) return 'depth';
      if (++nodes > maxNodes) return 'nodes';
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      depth--;
    } else if (byte === COMMA) {
      if (++nodes > maxNodes) return 'nodes';
    }
  }
  return undefined;
}

const TOO_COSTLY = {
  depth: `JSON body nests arrays or objects deeper than ${MAX_JSON_DEPTH} levels`,
  nodes: `JSON body has more than ${MAX_JSON_NODES} arrays, objects and entries`,
};

/**
 * Replaces the JSON body parser with one that refuses, before parsing and before authentication,
 * bodies whose shape would be costly: a few KB of `[[[[…` overflowed the stack in
 * class-transformer (a 500 and ~13 ms of CPU each), and 100 KB of `[{},{},…]` kept validation
 * busy for seconds. The parse itself stays Fastify's own (secure-json-parse, which
 * refuses __proto__ and constructor.prototype keys), so malformed JSON, an empty body and the body
 * limit answer as before.
 */
export function registerJsonBodyParser(app: NestFastifyApplication, bodyLimit: number): void {
  const fastify = app.getHttpAdapter().getInstance();
  const parse = fastify.getDefaultJsonParser('error', 'error');
  app.useBodyParser<Server>('application/json', { bodyLimit }, (request, body, done) => {
    const tooCostly = jsonBodyTooCostly(body, MAX_JSON_DEPTH, MAX_JSON_NODES);
    if (tooCostly) {
      done(new BadRequestException(TOO_COSTLY[tooCostly]), undefined);
      return;
    }
    // The default parser answers through done (it is the callback form of the union type).
    void parse(request, body.toString('utf8'), done);
  });
}
