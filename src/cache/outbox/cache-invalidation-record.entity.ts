import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The transactional outbox of cache invalidations: a write records the dependencies it changes
 * in its own transaction, so a commit never happens without its invalidation being recorded.
 * The writer deletes its row once Redis has the new generations; every instance applies and
 * deletes what is left (a writer that crashed, or that could not reach Redis).
 */
@Entity('cache_invalidation_outbox')
export class CacheInvalidationRecord {
  /** bigint: node-postgres returns it as a string. */
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column('text', { array: true })
  dependencies: string[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
