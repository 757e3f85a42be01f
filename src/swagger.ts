import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ErrorResponseDto, FieldErrorDto } from './common/error-response';
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

/** Swagger UI at /docs and the OpenAPI JSON at /docs-json. */
export function setupSwagger(app: NestFastifyApplication): void {
  SwaggerModule.setup('docs', app, buildOpenApiDocument(app), { jsonDocumentUrl: 'docs-json', useGlobalPrefix: false });
}
