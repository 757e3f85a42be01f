import type { ReadReplicas } from '../database/replicas/read-replicas';
import type { ResponseStore } from './stores/response-store';

/**
 * One invalidation, for writes that have committed: moves the generations, then (with read
 * replicas) reads the primary's WAL position and marks the generations with it, so cache fills
 * of their entries may read a replica that has replayed that far (stores/generation-lsn.ts).
 *
 * Only the move can fail the invalidation, and only the move is awaited: the write answers as
 * soon as no old entry can be served. The marking follows on its own; until it lands, or if
 * the position cannot be read or attached, the generations carry none and their fills read the
 * primary, which is always safe.
 */
export async function invalidateCommitted(
  store: ResponseStore,
  replicas: ReadReplicas | undefined,
  dependencies: string[],
  timeoutMs?: number,
): Promise<void> {
  const generations = await store.invalidate(dependencies, timeoutMs);
  if (!replicas?.enabled || generations.length === 0) return;
  void markWithWalPosition(store, replicas, dependencies, generations);
}

async function markWithWalPosition(store: ResponseStore, replicas: ReadReplicas, dependencies: string[], generations: string[]): Promise<void> {
  const lsn = await replicas.walPositionAfterCommit();
  if (lsn) await store.attachWalPosition(dependencies, generations, lsn).catch(() => 0);
}
