import 'reflect-metadata';
import { ApiErrors } from './api-errors.decorator';
import { ErrorResponseDto } from './error-response';

// @nestjs/swagger's metadata key for documented responses (DECORATORS.API_RESPONSE).
const API_RESPONSE = 'swagger/apiResponse';

@ApiErrors({ 401: 'No token' })
class ThingsController {
  @ApiErrors({ 400: 'id is not a UUID', 404: 'No such thing' })
  get(): void {}
}

describe('ApiErrors', () => {
  it('documents each status with its own description in the ErrorResponseDto shape', () => {
    const responses = Reflect.getMetadata(API_RESPONSE, ThingsController.prototype.get);
    expect(responses).toEqual({
      400: expect.objectContaining({ type: ErrorResponseDto, description: 'id is not a UUID' }),
      404: expect.objectContaining({ type: ErrorResponseDto, description: 'No such thing' }),
    });
  });

  it('documents a status for every route when put on the controller', () => {
    expect(Reflect.getMetadata(API_RESPONSE, ThingsController)).toEqual({
      401: expect.objectContaining({ type: ErrorResponseDto, description: 'No token' }),
    });
  });
});
