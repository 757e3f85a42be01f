import type { OpenAPIObject } from '@nestjs/swagger';
import { PUBLIC_OPERATION_EXTENSION } from './auth/decorators';
import { finishDocument } from './openapi-document';

type OperationObject = NonNullable<OpenAPIObject['paths'][string]['post']>;

// What @Public() leaves on an operation (ApiExtension), which OperationObject's type does not know.
const publicLogin = { operationId: 'login', responses: {}, [PUBLIC_OPERATION_EXTENSION]: true } as OperationObject;

const document = (paths: OpenAPIObject['paths']): OpenAPIObject => ({ openapi: '3.0.0', info: { title: 't', version: '1' }, paths });

describe('finishDocument', () => {
  it('gives @Public operations an empty security requirement and drops the marker', () => {
    const result = finishDocument(
      document({
        '/api/auth/login': { post: publicLogin },
        '/api/loads': { get: { operationId: 'list', responses: {} } },
      }),
    );
    expect(result.paths['/api/auth/login'].post).toEqual({ operationId: 'login', responses: {}, security: [] });
    expect(result.paths['/api/loads'].get!.security).toBeUndefined();
  });

  it('names alias operations after the path segment instead of an index in brackets', () => {
    const result = finishDocument(
      document({
        '/api/loads/{id}': { get: { operationId: 'LoadsController_get[0]', responses: {} } },
        '/api/shipments/{id}': { get: { operationId: 'LoadsController_get[1]', responses: {} } },
        '/api/drivers': { get: { operationId: 'DriversController_list', responses: {} } },
      }),
    );
    expect(result.paths['/api/loads/{id}'].get!.operationId).toBe('LoadsController_get');
    expect(result.paths['/api/shipments/{id}'].get!.operationId).toBe('LoadsController_get_shipments');
    expect(result.paths['/api/drivers'].get!.operationId).toBe('DriversController_list');
  });
});
