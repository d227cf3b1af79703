/** One batch of history to write: facilities whose reference data may have changed, and observed changes. */
export interface FacilityRow {
  id: string;
  source: string;
  localId: string;
  name: string | null;
  kind: string;
  lat: number | null;
  lon: number | null;
  address: string | null;
  capacity: number | null;
  disabledCapacity: number | null;
  updatedAt: string;
}

export interface ObservationRow {
  facilityId: string;
  observedAt: string;
  receivedAt: string;
  free: number | null;
  occupied: number | null;
  capacity: number | null;
  status: string;
  quality: string[];
}

export interface ParkingHistoryBatch {
  facilities: FacilityRow[];
  observations: ObservationRow[];
}

/** Queues history durably (the write happens later, and again until Postgres takes it). */
export const PARKING_HISTORY_QUEUE = Symbol('PARKING_HISTORY_QUEUE');
export interface ParkingHistoryQueuePort {
  enqueue(batch: ParkingHistoryBatch): Promise<void>;
}

/** Writes a batch to Postgres, idempotently (facility + observedAt). */
export const PARKING_HISTORY_WRITER = Symbol('PARKING_HISTORY_WRITER');
export interface ParkingHistoryWriterPort {
  write(batch: ParkingHistoryBatch): Promise<{ inserted: number }>;
  prune(olderThan: Date): Promise<string[]>;
}
