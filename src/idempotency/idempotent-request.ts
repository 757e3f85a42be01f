import { AsyncLocalStorage } from 'node:async_hooks';
import type { IdempotencyClaim } from './idempotency.store';

/** The idempotent request being served, as the write's transaction sees it. */
export interface IdempotentRequest {
  claim: IdempotencyClaim;
  /** The status the route answers with (set before the handler runs). */
  status: number;
  /** The body recorded by a committed transaction; later transactions of the request (listeners) leave it alone. */
  recordedBody?: string;
}

/**
 * Carries the idempotent request from the interceptor to DomainEvents.transaction, which
 * cannot see the HTTP request: the record is completed inside the write's own transaction.
 */
export const idempotentRequests = new AsyncLocalStorage<IdempotentRequest>();
