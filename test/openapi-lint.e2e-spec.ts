import { ModulesContainer, Reflector } from '@nestjs/core';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { IS_PUBLIC } from '../src/auth/decorators';
import { startTestApp, TestApp } from './helpers/test-app';

const repo = resolve(__dirname, '..');

interface SchemaObject {
  $ref?: string;
  example?: unknown;
  examples?: unknown;
  default?: unknown;
  allOf?: SchemaObject[];
}
interface Parameter {
  name: string;
  in: string;
  example?: unknown;
  examples?: unknown;
  schema?: SchemaObject;
  content?: Record<string, { example?: unknown; examples?: unknown }>;
}
interface Operation {
  operationId: string;
  security?: Array<Record<string, string[]>>;
  parameters?: Parameter[];
}
interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, SchemaObject> };
}
interface SpectralFinding {
  code: string;
  message: string;
  path: string[];
  severity: number; // 0 error, 1 warning, 2 information, 3 hint
}

/** Spectral's own CLI on the document, with the repository's .spectral.yaml. */
function lint(document: OpenApiDocument): Promise<SpectralFinding[]> {
  const dir = mkdtempSync(join(tmpdir(), 'freight-openapi-'));
  const documentFile = join(dir, 'openapi.json');
  const resultFile = join(dir, 'spectral.json');
  writeFileSync(documentFile, JSON.stringify(document));
  const spectral = join(repo, 'node_modules', '.bin', 'spectral');
  const args = [
    'lint',
    documentFile,
    '--ruleset',
    join(repo, '.spectral.yaml'),
    '--format',
    'json',
    '--output',
    resultFile,
    '--fail-severity',
    'hint',
  ];
  return new Promise((done, fail) => {
    execFile(spectral, args, { cwd: repo, timeout: 60_000 }, (error, stdout, stderr) => {
      try {
        // Exit code 1 only means findings; anything else (timeout, bad ruleset) has no result file.
        const results = JSON.parse(readFileSync(resultFile, 'utf8')) as SpectralFinding[];
        done(results);
      } catch {
        fail(new Error(`spectral did not run: ${error?.message ?? ''}\n${stdout}${stderr}`));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

function resolveSchema(document: OpenApiDocument, schema: SchemaObject | undefined): SchemaObject | undefined {
  const ref = schema?.$ref?.replace('#/components/schemas/', '');
  return ref ? resolveSchema(document, document.components.schemas[ref]) : schema;
}

/** Where Swagger UI finds a value to pre-fill a parameter with: example(s), then the schema's example or default. */
function prefilled(document: OpenApiDocument, parameter: Parameter): string[] {
  const found: string[] = [];
  if (parameter.example !== undefined) found.push('example');
  if (parameter.examples !== undefined) found.push('examples');
  for (const [type, media] of Object.entries(parameter.content ?? {})) {
    if (media.example !== undefined || media.examples !== undefined) found.push(`content ${type} example`);
  }
  const schema = resolveSchema(document, parameter.schema);
  for (const part of [schema, ...(schema?.allOf ?? []).map((s) => resolveSchema(document, s))]) {
    if (part?.example !== undefined) found.push('schema example');
    if (part?.examples !== undefined) found.push('schema examples');
    if (part?.default !== undefined) found.push('schema default');
  }
  return found;
}

/** Controller_method of every handler marked @Public(), on the method or its controller. */
function publicHandlers(t: TestApp): string[] {
  const reflector = new Reflector();
  const names: string[] = [];
  for (const module of t.app.get(ModulesContainer).values()) {
    for (const { metatype } of module.controllers.values()) {
      if (typeof metatype !== 'function') continue;
      const prototype = metatype.prototype as Record<string, unknown>;
      for (const key of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[key];
        if (key === 'constructor' || typeof handler !== 'function') continue;
        if (reflector.getAllAndOverride<boolean>(IS_PUBLIC, [handler, metatype]) === true) names.push(`${metatype.name}_${key}`);
      }
    }
  }
  return names.sort();
}

/** The document /docs-json serves, checked by Spectral and for what Swagger UI does with it. */
describe('OpenAPI document lint', () => {
  let t: TestApp;
  let document: OpenApiDocument;
  let operations: Array<{ name: string; operation: Operation }>;

  beforeAll(async () => {
    t = await startTestApp({}, { seed: false });
    document = (await t.request('GET', '/docs-json')).body as OpenApiDocument;
    operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ name: `${method.toUpperCase()} ${path}`, operation })),
    );
  });
  afterAll(() => t.close());

  it('passes spectral:oas with no error and no warning', async () => {
    const findings = await lint(document);
    const problems = findings
      .filter((finding) => finding.severity <= 1)
      .map((finding) => `${finding.severity === 0 ? 'error' : 'warning'} ${finding.code} at ${finding.path.join('.')}: ${finding.message}`);
    expect(problems).toEqual([]);
  }, 90_000);

  it('declares security: [] on every @Public operation and bearer on every other one', () => {
    const publicIds = publicHandlers(t);
    // An alias path's operation is the handler's id plus _<segment>, e.g. LoadsController_list_shipments.
    const isPublic = (id: string): boolean => publicIds.some((base) => id === base || id.startsWith(`${base}_`));
    const gaps: string[] = [];
    for (const { name, operation } of operations) {
      const security = JSON.stringify(operation.security ?? 'the global requirement');
      if (isPublic(operation.operationId)) {
        if (security !== '[]') gaps.push(`${name} is public but has security ${security}`);
      } else if (operation.security !== undefined && security !== JSON.stringify([{ bearer: [] }])) {
        gaps.push(`${name} needs a token but has security ${security}`);
      }
    }
    expect(gaps).toEqual([]);
    expect(document).toMatchObject({ security: [{ bearer: [] }] });
    // Each public handler is in the document (login, health, metrics today).
    const documented = operations.map(({ operation }) => operation.operationId);
    expect(publicIds.filter((id) => !documented.includes(id))).toEqual([]);
    expect(publicIds).toEqual([
      'AuthController_login',
      'HealthController_check',
      'HealthController_live',
      'HealthController_ready',
      'MetricsController_index',
    ]);
  });

  it('gives no query parameter but limit a value Swagger UI would pre-fill', () => {
    const prefills: string[] = [];
    for (const { name, operation } of operations) {
      for (const parameter of operation.parameters ?? []) {
        if (parameter.in !== 'query' || parameter.name === 'limit') continue;
        const found = prefilled(document, parameter);
        if (found.length) prefills.push(`${name} ?${parameter.name}: ${found.join(', ')}`);
      }
    }
    expect(prefills).toEqual([]);
  });

  it('uses operationIds that client generators accept', () => {
    const bad = operations.map(({ operation }) => operation.operationId).filter((id) => !/^[A-Za-z][A-Za-z0-9_]*$/.test(id));
    expect(bad).toEqual([]);
  });
});
