import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { Schema } from './schema-arbitraries';

export interface OpenApiResponse {
  description?: string;
  content?: Record<string, { schema?: Schema }>;
}

export interface OpenApiOperation {
  operationId: string;
  parameters?: Array<{ name: string; in: string; required?: boolean; schema: Schema }>;
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, OpenApiResponse>;
  security?: Array<Record<string, string[]>>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, Schema> };
}

const DOCUMENT_ID = 'openapi';

/**
 * OpenAPI 3.0 read strictly, as a client generator does:
 * - `nullable: true` allows null whatever else the schema says (ajv applies it to `type` only, so
 *   `nullable` beside `allOf: [$ref]` would refuse null);
 * - an object schema lists every property it may have: an undocumented field is a violation.
 */
function strict(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strict);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'example' || key === 'examples') continue;
    out[key] = key === 'properties' ? Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, strict(v)])) : strict(value);
  }
  if (typeof out.$ref === 'string') out.$ref = out.$ref.replace(/^#\//, `${DOCUMENT_ID}#/`);
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  if (out.nullable === true) {
    delete out.nullable;
    return { anyOf: [{ type: 'null' }, out] };
  }
  return out;
}

/** An event stream's start (the fuzzer reads its first chunk): Server-Sent Events lines only. */
function eventStreamProblem(text: string): string | undefined {
  if (text === '') return 'an event stream that sent nothing';
  const bad = text.split('\n').find((line) => !/^(|:.*|(event|data|id|retry):.*)$/.test(line));
  return bad === undefined ? undefined : `not a Server-Sent Events line: ${bad.slice(0, 200)}`;
}

/** Checks a response against what the document says for that operation and status. */
export class ResponseContract {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(document: OpenApiDocument) {
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: DOCUMENT_ID, components: strict(document.components) });
  }

  /** Undefined when the response honours the document, else what is wrong. */
  check(operation: OpenApiOperation, status: number, contentType: string, text: string): string | undefined {
    const documented = operation.responses[String(status)] ?? operation.responses.default;
    if (!documented) return `status ${status} is not documented (documented: ${Object.keys(operation.responses).join(', ')})`;
    if (!documented.content) return text === '' ? undefined : `status ${status} documents no body, got ${text.length} bytes`;
    const mediaType = contentType.split(';')[0].trim();
    const media = documented.content[mediaType];
    if (!media)
      return `content type ${mediaType || '(none)'} is not documented for ${status} (documented: ${Object.keys(documented.content).join(', ')})`;
    if (mediaType === 'text/event-stream') return eventStreamProblem(text);
    if (!media.schema || mediaType !== 'application/json') return undefined;
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return `body is not JSON: ${text.slice(0, 200)}`;
    }
    const key = `${operation.operationId} ${status}`;
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(strict(media.schema) as object);
      this.validators.set(key, validate);
    }
    return validate(body) ? undefined : this.ajv.errorsText(validate.errors, { separator: '; ' });
  }
}
