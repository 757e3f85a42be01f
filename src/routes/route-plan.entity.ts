import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { Load } from '../loads/load.entity';

export interface RouteStop {
  lat: number;
  lng: number;
  label?: string;
}

@Entity({ name: 'route_plans' })
export class RoutePlan {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('idx_route_plans_load_id')
  @Column({ name: 'load_id', type: 'uuid' })
  loadId: string;

  @ManyToOne(() => Load, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'load_id' })
  load?: Relation<Load>;

  /** Ordered stops; the first is the start, the last the end. */
  @Column({ type: 'jsonb' })
  stops: RouteStop[];

  @Column({ name: 'distance_km', type: 'double precision' })
  distanceKm: number;

  @Column({ name: 'eta_minutes', type: 'integer' })
  etaMinutes: number;

  /** Millisecond precision, as the keyset cursor; sorted DESC in the migration. */
  @Index('idx_route_plans_created_at')
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
