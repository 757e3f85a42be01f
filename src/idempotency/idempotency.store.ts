import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { IdempotencyStatus } from './idempotency-record.entity';

/** A key this request now holds: the write completes it, a failure releases it. */
export interface IdempotencyClaim {
  userId: string;
  key: string;
  claim: string;
}

export type ClaimOutcome =
  { kind: 'claimed'; claim: IdempotencyClaim } | { kind: 'replay'; status: number; body: string } | { kind: 'in_flight' } | { kind: 'mismatch' };

interface StoredRow {
  request_hash: string;
  status: IdempotencyStatus;
  response_status: number | null;
  response_body: string | null;
}

export interface IdempotencyTimes {
  retentionHours: number;
  inFlightExpiryMs: number;
}

/** The idempotency_keys table: claim, complete (inside the write's transaction), release, sweep. */
export class IdempotencyStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly times: IdempotencyTimes,
  ) {}

  /**
   * Claims the key in one statement of its own (committed at once, so a concurrent duplicate
   * sees it). A record past its retention, or an in-flight claim whose request died, is taken
   * over; any other existing record decides the answer: replay, 409 or 422.
   */
  async claim(userId: string, key: string, requestHash: string): Promise<ClaimOutcome> {
    // A record can vanish between the two statements (released, or swept): then claim again.
    for (let attempt = 0; attempt < 3; attempt++) {
      const claim = randomUUID();
      const claimed = await this.dataSource.query<unknown[]>(
        `INSERT INTO idempotency_keys (user_id, key, request_hash, status, claim)
         VALUES ($1, $2, $3, '${IdempotencyStatus.InFlight}', $4)
         ON CONFLICT (user_id, key) DO UPDATE
           SET request_hash = EXCLUDED.request_hash, status = EXCLUDED.status, claim = EXCLUDED.claim,
               response_status = NULL, response_body = NULL, claimed_at = now(), created_at = now()
           WHERE idempotency_keys.created_at < now() - make_interval(hours => $5)
              OR (idempotency_keys.status = '${IdempotencyStatus.InFlight}' AND idempotency_keys.claimed_at < now() - make_interval(secs => $6))
         RETURNING claim`,
        [userId, key, requestHash, claim, this.times.retentionHours, this.times.inFlightExpiryMs / 1000],
      );
      if (claimed.length > 0) return { kind: 'claimed', claim: { userId, key, claim } };

      const [row] = await this.dataSource.query<StoredRow[]>(
        'SELECT request_hash, status, response_status, response_body FROM idempotency_keys WHERE user_id = $1 AND key = $2',
        [userId, key],
      );
      if (!row) continue;
      if (row.request_hash !== requestHash) return { kind: 'mismatch' };
      if (row.status === IdempotencyStatus.Completed && row.response_status !== null && row.response_body !== null) {
        return { kind: 'replay', status: row.response_status, body: row.response_body };
      }
      return { kind: 'in_flight' };
    }
    return { kind: 'in_flight' };
  }

  /**
   * Records the response, as part of the write's transaction when given its manager. False when the claim is no longer
   * this request's (it expired and another request took the key): the write must not commit.
   */
  async complete(claim: IdempotencyClaim, status: number, body: string, manager: EntityManager | DataSource = this.dataSource): Promise<boolean> {
    const [, affected] = await manager.query<[unknown[], number]>(
      `UPDATE idempotency_keys SET status = '${IdempotencyStatus.Completed}', response_status = $4, response_body = $5
       WHERE user_id = $1 AND key = $2 AND claim = $3`,
      [claim.userId, claim.key, claim.claim, status, body],
    );
    return affected > 0;
  }

  /** The request failed before its write committed: the key is free for a retry. */
  async release(claim: IdempotencyClaim): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2 AND claim = $3 AND status = '${IdempotencyStatus.InFlight}'`,
      [claim.userId, claim.key, claim.claim],
    );
  }

  /** Deletes records past their retention; answers how many. */
  async sweep(): Promise<number> {
    const [, deleted] = await this.dataSource.query<[unknown[], number]>(
      'DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1)',
      [this.times.retentionHours],
    );
    return deleted;
  }
}
