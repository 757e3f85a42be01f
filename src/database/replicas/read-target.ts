import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Where the reads of the code running now may go. Nothing set means the primary: only reads
 * that the response cache deliberately allows (a fill, a bounded route) ever reach a replica.
 *
 * - `fill`: a cache fill whose entry is checked against generations carrying WAL positions; a
 *   replica qualifies once it has replayed past minLsn, the highest of them (null: one had no
 *   position, so only the primary qualifies).
 * - `bounded`: a route whose answer may be up to maxLagMs behind the primary.
 */
export type ReadTarget = { kind: 'fill'; minLsn: bigint | null } | { kind: 'bounded'; maxLagMs: number };

export interface ReadScope {
  readonly target: ReadTarget;
  /** Set when a read of this scope was given a replica connection (a failure may then be retried on the primary). */
  usedReplica: boolean;
}

const storage = new AsyncLocalStorage<ReadScope>();

/** Runs work with reads allowed as the target says; everything outside reads the primary. */
export function runWithReadTarget<T>(target: ReadTarget, work: (scope: ReadScope) => Promise<T>): Promise<T> {
  const scope: ReadScope = { target, usedReplica: false };
  return storage.run(scope, () => work(scope));
}

/** The scope of the code running now, or undefined (primary). */
export function currentReadScope(): ReadScope | undefined {
  return storage.getStore();
}

/** Runs work on the primary, whatever scope surrounds it. */
export function runOnPrimary<T>(work: () => Promise<T>): Promise<T> {
  return storage.exit(work);
}
