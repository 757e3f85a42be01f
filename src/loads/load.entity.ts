import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { Driver } from '../drivers/driver.entity';
import { User } from '../users/user.entity';
import { LoadStatus } from './load-status';

/** A shipment ("load"). Six named indexes serve the hot list queries; see the migration. */
@Entity({ name: 'loads' })
@Index('idx_loads_driver_status', ['driverId', 'status'])
@Index('idx_loads_created_by_id', ['createdById'])
export class Load {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 40, unique: true })
  reference: string;

  @Column({ name: 'origin_city', type: 'varchar', length: 120 })
  originCity: string;

  @Column({ name: 'origin_lat', type: 'double precision' })
  originLat: number;

  @Column({ name: 'origin_lng', type: 'double precision' })
  originLng: number;

  @Column({ name: 'destination_city', type: 'varchar', length: 120 })
  destinationCity: string;

  @Column({ name: 'destination_lat', type: 'double precision' })
  destinationLat: number;

  @Column({ name: 'destination_lng', type: 'double precision' })
  destinationLng: number;

  @Column({ name: 'pickup_window_start', type: 'timestamptz' })
  pickupWindowStart: Date;

  @Column({ name: 'pickup_window_end', type: 'timestamptz' })
  pickupWindowEnd: Date;

  @Column({ name: 'delivery_window_start', type: 'timestamptz' })
  deliveryWindowStart: Date;

  @Column({ name: 'delivery_window_end', type: 'timestamptz' })
  deliveryWindowEnd: Date;

  @Column({ name: 'weight_kg', type: 'integer' })
  weightKg: number;

  @Column({ name: 'rate_cents', type: 'integer' })
  rateCents: number;

  @Index('idx_loads_status')
  @Column({ type: 'enum', enum: LoadStatus, enumName: 'load_status', default: LoadStatus.Posted })
  status: LoadStatus;

  @Index('idx_loads_driver_id')
  @Column({ name: 'driver_id', type: 'uuid', nullable: true })
  driverId: string | null;

  @ManyToOne(() => Driver, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'driver_id' })
  driver?: Relation<Driver> | null;

  @Column({ name: 'created_by_id', type: 'uuid' })
  createdById: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by_id' })
  createdBy?: Relation<User>;

  /** Sorted newest first; the DESC order is set in the migration (TypeORM cannot express it). */
  @Index('idx_loads_created_at')
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt: Date;

  @Column({ name: 'picked_up_at', type: 'timestamptz', nullable: true })
  pickedUpAt: Date | null;

  /** Analytics reads deliveries in a date range (revenue, on-time rate, the daily series). */
  @Index('idx_loads_delivered_at')
  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;
}
