import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { User } from '../users/user.entity';

export enum IdempotencyStatus {
  /** Claimed by a request still running (or one that died; see IDEMPOTENCY_IN_FLIGHT_EXPIRY_MS). */
  InFlight = 'in_flight',
  /** The write committed; response_status and response_body are what a retry gets. */
  Completed = 'completed',
}

/**
 * One Idempotency-Key of one user. Claimed in its own short statement before the write; the
 * write's own transaction marks it completed with the response, so a committed write always
 * has its record, and a write that rolled back leaves none (its claim is removed).
 */
@Entity('idempotency_keys')
@Index('IDX_idempotency_keys_created_at', ['createdAt'])
export class IdempotencyRecord {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @PrimaryColumn({ type: 'varchar', length: 255 })
  key: string;

  // Keys go with their user.
  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  /** SHA-256 (hex) of the method, path and body: the same key with another request is refused. */
  @Column({ name: 'request_hash', type: 'varchar', length: 64 })
  requestHash: string;

  @Column({ type: 'varchar', length: 16 })
  status: IdempotencyStatus;

  /** Which request holds the key: only that one may complete or release it. */
  @Column({ type: 'uuid' })
  claim: string;

  @Column({ name: 'response_status', type: 'smallint', nullable: true })
  responseStatus: number | null;

  /** The JSON body as sent. */
  @Column({ name: 'response_body', type: 'text', nullable: true })
  responseBody: string | null;

  @Column({ name: 'claimed_at', type: 'timestamptz', default: () => 'now()' })
  claimedAt: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
