import { LoadStatus } from './load-status';

/** The moves a load can make, each served by its own endpoint. */
export enum LoadMove {
  Assign = 'assign',
  Pickup = 'pickup',
  Deliver = 'deliver',
  Cancel = 'cancel',
}

/** The edits a load accepts only before anyone is committed to it. */
export type LoadEdit = 'update' | 'delete';

interface Transition {
  from: readonly LoadStatus[];
  to: LoadStatus;
  /** How the move reads in "Cannot <verb> a load that is <status>". */
  verb: string;
}

const TRANSITIONS: Readonly<Record<LoadMove, Transition>> = {
  [LoadMove.Assign]: { from: [LoadStatus.Posted], to: LoadStatus.Assigned, verb: 'assign' },
  [LoadMove.Pickup]: { from: [LoadStatus.Assigned], to: LoadStatus.InTransit, verb: 'pick up' },
  [LoadMove.Deliver]: { from: [LoadStatus.InTransit], to: LoadStatus.Delivered, verb: 'deliver' },
  [LoadMove.Cancel]: { from: [LoadStatus.Posted, LoadStatus.Assigned], to: LoadStatus.Cancelled, verb: 'cancel' },
};

/** A move or edit the load's current status does not allow (the API answers 409). */
export class IllegalLoadMoveError extends Error {
  constructor(
    readonly action: string,
    readonly current: LoadStatus,
  ) {
    super(`Cannot ${action} a load that is ${current}`);
    this.name = 'IllegalLoadMoveError';
  }
}

/**
 * The load status flow as a transition table:
 * posted -> assigned -> in_transit -> delivered, and posted | assigned -> cancelled.
 */
export const LoadLifecycle = {
  canMove(from: LoadStatus, move: LoadMove): boolean {
    return TRANSITIONS[move].from.includes(from);
  },

  /** The status after the move; throws IllegalLoadMoveError naming the current status. */
  next(from: LoadStatus, move: LoadMove): LoadStatus {
    const transition = TRANSITIONS[move];
    if (!transition.from.includes(from)) throw new IllegalLoadMoveError(transition.verb, from);
    return transition.to;
  },

  /** Statuses in which the load has a driver on it who is therefore unavailable. */
  holdsDriver(status: LoadStatus): boolean {
    return status === LoadStatus.Assigned || status === LoadStatus.InTransit;
  },

  /** Update and delete are allowed only while posted: afterwards a driver relies on the details. */
  assertEditable(status: LoadStatus, edit: LoadEdit): void {
    if (status !== LoadStatus.Posted) throw new IllegalLoadMoveError(edit, status);
  },
} as const;
