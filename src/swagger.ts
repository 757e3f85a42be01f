import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ErrorResponseDto, FieldErrorDto } from './common/error-response';

/** Swagger UI at /docs and the OpenAPI JSON at /docs-json. */
export function setupSwagger(app: NestFastifyApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Freight API')
    .setDescription(
      'Loads (shipments), drivers, routes, notifications, profile and analytics. ' +
        'Log in with POST /api/auth/login, then send the token as "Authorization: Bearer <token>". ' +
        'Every error uses the ErrorResponse shape.',
    )
    .setVersion('1.0.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .addSecurityRequirements('bearer')
    .build();
  const document = SwaggerModule.createDocument(app, config, { extraModels: [ErrorResponseDto, FieldErrorDto] });
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', useGlobalPrefix: false });
}
