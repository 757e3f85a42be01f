import {
  BadRequestException,
  CallHandler,
  ConflictException,
  ExecutionContext,
  Injectable,
  Logger,
  NestInterceptor,
  UnprocessableEntityException,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { from, mergeMap, Observable, of } from 'rxjs';
import type { AuthenticatedRequest } from '../auth/decorators';
import { IDEMPOTENCY_KEY_HEADER, parseIdempotencyKey, REPLAYED_HEADER, requestFingerprint } from './idempotency-key';
import { IdempotencyStore } from './idempotency.store';
import { IdempotentRequest, idempotentRequests } from './idempotent-request';

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * Idempotency-Key on the routes marked @Idempotent(), which attaches this interceptor to them
 * alone: every other request, a cache hit above all, skips it (as a global interceptor it was
 * one more rxjs layer on every request). The first request with a key claims it
 * and runs; its write's transaction records the response (IdempotencyModule's transaction
 * hook). A repeat with the same request replays that response; with another request, 422;
 * while the first still runs, 409. A request without the header runs as before.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Idempotency');

  constructor(private readonly store: IdempotencyStore) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const request = http.getRequest<AuthenticatedRequest>();
    const reply = http.getResponse<FastifyReply>();
    const header = request.headers[IDEMPOTENCY_KEY_HEADER];
    // Keys are per user: an anonymous request has no scope to keep them in.
    if (header === undefined || !request.user) return next.handle();
    const parsed = parseIdempotencyKey(header);
    if ('problem' in parsed) throw new BadRequestException(parsed.problem);
    const userId = request.user.id;
    const fingerprint = requestFingerprint(request.method, request.url, request.body);

    return from(this.store.claim(userId, parsed.key, fingerprint)).pipe(
      mergeMap((outcome) => {
        switch (outcome.kind) {
          case 'replay':
            void reply.status(outcome.status).header(REPLAYED_HEADER, 'true').type(JSON_TYPE);
            return of(outcome.body);
          case 'mismatch':
            throw new UnprocessableEntityException('This Idempotency-Key was already used with a different request');
          case 'in_flight':
            throw new ConflictException('A request with this Idempotency-Key is still in progress; retry later');
          case 'claimed':
            return this.run({ claim: outcome.claim, status: reply.statusCode }, next);
        }
      }),
    );
  }

  /** Runs the handler with the claim visible to its transactions; completes or releases the key after. */
  private run(idempotent: IdempotentRequest, next: CallHandler): Observable<unknown> {
    const handled = new Observable<unknown>((subscriber) => idempotentRequests.run(idempotent, () => next.handle().subscribe(subscriber)));
    return handled.pipe(
      mergeMap(async (body: unknown) => {
        const sent = JSON.stringify(body);
        // Normally the write's transaction already recorded exactly this body. A route whose
        // transaction returns something else (or none) gets it recorded now, after the fact.
        if (idempotent.recordedBody !== sent) await this.store.complete(idempotent.claim, idempotent.status, sent);
        return body;
      }),
      (source) =>
        new Observable<unknown>((subscriber) =>
          source.subscribe({
            next: (value) => subscriber.next(value),
            complete: () => subscriber.complete(),
            error: (error: unknown) => {
              // Nothing committed (or the record is already complete, which release leaves alone).
              this.store
                .release(idempotent.claim)
                .catch((releaseError: unknown) =>
                  this.logger.warn(`Could not release Idempotency-Key (it frees itself after the in-flight expiry): ${String(releaseError)}`),
                )
                .finally(() => subscriber.error(error));
            },
          }),
        ),
    );
  }
}
