import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Reference data of a car park (upserted on change). Never leaves infra: mappers copy named fields. */
@Entity({ name: 'facility' })
export class FacilityEntity {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Index()
  @Column({ type: 'text' })
  source!: string;

  @Column({ type: 'text', name: 'local_id' })
  localId!: string;

  @Column({ type: 'text', nullable: true })
  name!: string | null;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ type: 'double precision', nullable: true })
  lat!: number | null;

  @Column({ type: 'double precision', nullable: true })
  lon!: number | null;

  @Column({ type: 'text', nullable: true })
  address!: string | null;

  @Column({ type: 'integer', nullable: true })
  capacity!: number | null;

  @Column({ type: 'integer', name: 'disabled_capacity', nullable: true })
  disabledCapacity!: number | null;

  /** The details beyond places (docs/interface.md § Parking), reference part only; null when none is known. */
  @Column({ type: 'jsonb', nullable: true })
  details!: Record<string, unknown> | null;

  @Column({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}
