import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One observed change of a car park's occupancy; the table is partitioned by month on observed_at. */
@Entity({ name: 'parking_observation' })
export class ParkingObservationEntity {
  @PrimaryColumn({ type: 'text', name: 'facility_id' })
  facilityId!: string;

  @PrimaryColumn({ type: 'timestamptz', name: 'observed_at' })
  observedAt!: Date;

  @Column({ type: 'timestamptz', name: 'received_at' })
  receivedAt!: Date;

  @Column({ type: 'integer', nullable: true })
  free!: number | null;

  @Column({ type: 'integer', nullable: true })
  occupied!: number | null;

  @Column({ type: 'integer', nullable: true })
  capacity!: number | null;

  @Column({ type: 'text' })
  status!: string;

  @Column({ type: 'text', array: true })
  quality!: string[];
}
