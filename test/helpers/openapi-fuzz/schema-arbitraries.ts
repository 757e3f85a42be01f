import fc from 'fast-check';

/** The part of an OpenAPI 3.0 schema object the fuzzer reads. */
export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  allOf?: Schema[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  nullable?: boolean;
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Real ids and values to draw from, so valid-shaped requests reach past the 404s. */
export interface ValuePools {
  /** By property or parameter name (loadId, driverId, userId, email, password, cursor). */
  byName: Record<string, string[]>;
}

export class SchemaArbitraries {
  constructor(
    private readonly components: Record<string, Schema>,
    private readonly pools: ValuePools,
  ) {}

  resolve(schema: Schema): Schema {
    let current = schema;
    while (current.$ref) current = this.components[current.$ref.replace('#/components/schemas/', '')];
    if (current.allOf?.length === 1 && !current.properties) return { ...this.resolve(current.allOf[0]), nullable: current.nullable };
    return current;
  }

  /** Values the schema allows: what a careful client sends. */
  valid(schema: Schema, name = ''): fc.Arbitrary<Json> {
    const resolved = this.resolve(schema);
    const value = this.validNonNull(resolved, name);
    return resolved.nullable ? fc.oneof({ weight: 5, arbitrary: value }, { weight: 1, arbitrary: fc.constant(null) }) : value;
  }

  private validNonNull(schema: Schema, name: string): fc.Arbitrary<Json> {
    if (schema.enum) return fc.constantFrom(...(schema.enum as Json[]));
    const pool = this.pools.byName[name];
    switch (schema.type) {
      case 'string': {
        const generated = this.validString(schema);
        return pool?.length ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...pool) }, { weight: 1, arbitrary: generated }) : generated;
      }
      case 'integer':
        return fc.integer({ min: schema.minimum ?? -1_000_000, max: schema.maximum ?? 1_000_000 });
      case 'number':
        return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true, noDefaultInfinity: true });
      case 'boolean':
        return fc.boolean();
      case 'array':
        return fc.array(this.valid(schema.items ?? {}), { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 4, 6) });
      case 'object':
      default:
        return this.validObject(schema);
    }
  }

  private validString(schema: Schema): fc.Arbitrary<string> {
    const maxLength = Math.min(schema.maxLength ?? 30, 60);
    const minLength = schema.minLength ?? 0;
    switch (schema.format) {
      case 'uuid':
        return fc.uuid({ version: 4 });
      case 'date-time':
        return fc
          .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true })
          .map((d) => d.toISOString());
      case 'date':
        return fc
          .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true })
          .map((d) => d.toISOString().slice(0, 10));
      case 'email':
        return fc.emailAddress();
    }
    if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length >= minLength && s.length <= maxLength);
    return fc.string({ minLength, maxLength: Math.max(minLength, maxLength) });
  }

  private validObject(schema: Schema): fc.Arbitrary<Json> {
    const properties = schema.properties ?? {};
    const record: Record<string, fc.Arbitrary<Json>> = {};
    for (const [key, property] of Object.entries(properties)) record[key] = this.valid(property, key);
    return fc.record(record, { requiredKeys: (schema.required ?? []).filter((key) => key in properties) });
  }

  /**
   * A valid-shaped value with one thing wrong: a property set to null (what @IsOptional lets
   * through) or to junk, a property left out, or an unknown one added.
   */
  invalid(schema: Schema): fc.Arbitrary<Json> {
    const action = fc.constantFrom<Mutation>('null', 'null', 'null', 'junk', 'junk', 'junk', 'delete', 'add');
    return fc
      .tuple(this.valid(schema), fc.nat(), junkValue(), action, fc.string({ minLength: 1, maxLength: 12 }))
      .map(([value, pick, junk, mutation, newKey]) => mutate(value, pick, mutation, junk, newKey));
  }
}

/** Values a careless or hostile client sends in place of anything. */
export function junkValue(): fc.Arbitrary<Json> {
  return fc.oneof(
    fc.constant(null),
    fc.constantFrom(
      '',
      ' ',
      '\u0000',
      'a\u0000b',
      "'; DROP TABLE loads;--",
      '../../etc/passwd',
      '💥',
      '\ud800',
      'x'.repeat(5000),
      'NaN',
      '1e999',
      'true',
    ),
    fc.string({ maxLength: 20 }),
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc.integer(),
    fc.constantFrom(-1, 0, 2 ** 31, 2 ** 53 + 1, -(2 ** 63), 1e308, -0, 0.5),
    fc.double(),
    fc.boolean(),
    fc.constantFrom<Json>([], {}, [null], { nested: { deeper: [1, 'two', null] } }),
    fc.array(fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>, { maxLength: 4 }),
    fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
  );
}

/** A whole body of junk, as JSON text: random values, malformed or hostile documents. */
export function junkBody(): fc.Arbitrary<string> {
  return fc.oneof(
    junkValue().map((value) => JSON.stringify(value) ?? 'null'),
    fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)),
    fc.string({ maxLength: 40 }),
    fc.constantFrom(
      '',
      '{',
      '{"a":}',
      '[1,2',
      'nul',
      '{"__proto__":{"admin":true}}',
      '{"constructor":{"prototype":{"admin":true}}}',
      '['.repeat(40) + ']'.repeat(40),
      '{"a":'.repeat(40) + '1' + '}'.repeat(40),
      `[${Array(600).fill('{}').join(',')}]`,
      '"\\u0000"',
      '\ufeff{}',
    ),
  );
}

type Mutation = 'null' | 'junk' | 'delete' | 'add';
type Container = Record<string | number, Json>;

/** Every property of every object in a JSON value (array items included), as [parent, key]. */
function propertiesOf(value: Json): Array<[Container, string | number]> {
  if (value === null || typeof value !== 'object') return [];
  const entries: Array<[string | number, Json]> = Array.isArray(value) ? value.map((item, i) => [i, item]) : Object.entries(value);
  return entries.flatMap(([key, item]): Array<[Container, string | number]> => [
    ...(Array.isArray(value) ? [] : [[value, key] as [Container, string | number]]),
    ...propertiesOf(item),
  ]);
}

function mutate(value: Json, pick: number, mutation: Mutation, junk: Json, newKey: string): Json {
  const copy = structuredClone(value);
  const properties = propertiesOf(copy);
  if (mutation === 'add') {
    const objects = [copy, ...properties.map(([parent, key]) => parent[key])].filter(
      (v): v is { [key: string]: Json } => v !== null && typeof v === 'object' && !Array.isArray(v),
    );
    if (!objects.length) return junk;
    objects[pick % objects.length][newKey] = junk;
    return copy;
  }
  if (!properties.length) return mutation === 'null' ? null : junk;
  const [parent, key] = properties[pick % properties.length];
  if (mutation === 'delete') delete parent[key];
  else parent[key] = mutation === 'null' ? null : junk;
  return copy;
}
