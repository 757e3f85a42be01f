import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { dirname, join } from 'node:path';
import { ErrorResponseDto, FieldErrorDto } from './common/error-response';
import { servePrecompressedFile } from './common/precompressed-file';
import { finishDocument } from './openapi-document';

/** Every controller's @ApiTags name, described once (Spectral wants each used tag declared). */
const TAGS: Array<[name: string, description: string]> = [
  ['auth', 'Log in for a bearer token'],
  ['loads', 'Freight loads and their lifecycle (posted, assigned, in transit, delivered, cancelled); also served as /shipments'],
  ['drivers', 'Drivers, their availability and their reported position'],
  ['routes', 'Route plans for a load: stops, with distance and ETA computed by the server'],
  ['notifications', "The caller's notifications"],
  ['profile', "The caller's own account"],
  ['analytics', 'Load, revenue and driver figures per UTC day'],
  ['health', 'Liveness and dependencies, for load balancers and orchestrators'],
  ['metrics', 'Prometheus scrape endpoint'],
];

/** The app's OpenAPI document, as /docs-json serves it. */
export function buildOpenApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('Freight API')
    .setDescription(
      'Loads (shipments), drivers, routes, notifications, profile and analytics. ' +
        'Log in with POST /api/auth/login, then send the token as `Authorization: Bearer <token>` (or paste it under Authorize). ' +
        'Every error uses the ErrorResponse shape.',
    )
    .setVersion('1.0.0')
    // Relative: requests go to whichever host serves this document (paths carry the /api prefix).
    .addServer('/', 'The server that serves this document')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .addSecurityRequirements('bearer');
  for (const [name, description] of TAGS) builder.addTag(name, description);
  const document = SwaggerModule.createDocument(app, builder.build(), { extraModels: [ErrorResponseDto, FieldErrorDto] });
  return finishDocument(document);
}

/** The big Swagger UI files /docs loads; the rest (favicons, index.css) are small or already compressed. */
const GZIPPED_UI_FILES: Array<[file: string, contentType: string]> = [
  ['swagger-ui-bundle.js', 'application/javascript; charset=utf-8'],
  ['swagger-ui-standalone-preset.js', 'application/javascript; charset=utf-8'],
  ['swagger-ui.css', 'text/css; charset=utf-8'],
];

/** Swagger UI at /docs and the OpenAPI JSON at /docs-json. */
export function setupSwagger(app: NestFastifyApplication): void {
  // The copy of swagger-ui-dist that @nestjs/swagger itself serves the other /docs files from.
  const uiDir = dirname(require.resolve('swagger-ui-dist/package.json', { paths: [dirname(require.resolve('@nestjs/swagger'))] }));
  const fastify = app.getHttpAdapter().getInstance();
  // These routes win over @fastify/static's /docs/* wildcard, which sends the files uncompressed.
  for (const [file, contentType] of GZIPPED_UI_FILES) servePrecompressedFile(fastify, `/docs/${file}`, join(uiDir, file), contentType);
  SwaggerModule.setup('docs', app, buildOpenApiDocument(app), { jsonDocumentUrl: 'docs-json', useGlobalPrefix: false });
}
