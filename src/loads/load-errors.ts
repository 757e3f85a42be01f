import { ConflictException, NotFoundException } from '@nestjs/common';
import { IllegalLoadMoveError, LoadEdit, LoadLifecycle, LoadMove } from './load-lifecycle';
import type { LoadStatus } from './load-status';

export function loadNotFound(id: string): NotFoundException {
  return new NotFoundException(`Load ${id} not found`);
}

/** LoadLifecycle.next, with an illegal move answered as 409 naming the current status. */
export function nextStatusOrConflict(from: LoadStatus, move: LoadMove): LoadStatus {
  return conflictOnIllegalMove(() => LoadLifecycle.next(from, move));
}

export function assertEditableOrConflict(status: LoadStatus, edit: LoadEdit): void {
  conflictOnIllegalMove(() => LoadLifecycle.assertEditable(status, edit));
}

function conflictOnIllegalMove<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof IllegalLoadMoveError) throw new ConflictException(error.message);
    throw error;
  }
}
