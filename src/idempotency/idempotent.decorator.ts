import { applyDecorators, SetMetadata, UseInterceptors } from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';
import { ErrorResponseDto } from '../common/error-response';
import { MAX_KEY_LENGTH } from './idempotency-key';
import { IdempotencyInterceptor } from './idempotency.interceptor';

export const IDEMPOTENT = 'idempotency:enabled';

/**
 * A non-idempotent operation (a create, a move) that a client may retry safely with an
 * Idempotency-Key header (draft-ietf-httpapi-idempotency-key-header). Documents the header
 * and the answers it adds. The interceptor runs on these routes only (IdempotencyModule is
 * global so that it resolves in every feature module).
 */
export const Idempotent = (): ReturnType<typeof applyDecorators> =>
  applyDecorators(
    SetMetadata(IDEMPOTENT, true),
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        `A unique key per intended operation (a UUID, say; 1-${MAX_KEY_LENGTH} printable ASCII characters). A retry with the same key ` +
        'and the same request gets the first response again, with `Idempotent-Replayed: true`, and changes nothing. Keys are per user, kept 24 h.',
      schema: { type: 'string', minLength: 1, maxLength: MAX_KEY_LENGTH },
    }),
    ApiResponse({ status: 409, type: ErrorResponseDto, description: 'A request with this Idempotency-Key is still in progress; retry later' }),
    ApiResponse({ status: 422, type: ErrorResponseDto, description: 'This Idempotency-Key was already used with a different request' }),
  );
