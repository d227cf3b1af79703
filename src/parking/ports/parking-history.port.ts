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
  /** Reference details beyond places (parking-details.ts referenceDetails); null when none is known, absent in jobs queued before it. */
  details?: Record<string, unknown> | null;
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
  /** The source whose poll made the batch (absent in jobs queued by versions before it). */
  sourceId?: string;
  facilities: FacilityRow[];
  observations: ObservationRow[];
}

/** Queues history durably (the write happens later, and again until Postgres takes it). */
export const PARKING_HISTORY_QUEUE = Symbol('PARKING_HISTORY_QUEUE');
export interface ParkingHistoryQueuePort {
  enqueue(batch: ParkingHistoryBatch): Promise<void>;
}

/** Rows of a batch the writer could not write, for one reason (an error code and its message). */
export interface RejectedHistoryRows {
  code: string;
  message: string;
  facilities: number;
  observations: number;
}

export interface HistoryWriteResult {
  inserted: number;
  /** Empty when every row was written (or was already there). */
  rejected: RejectedHistoryRows[];
}

/**
 * Writes a batch to Postgres, idempotently (facility + observedAt). Rows Postgres refuses for
 * their values are left out and reported in `rejected`; the other rows are written. Throws only
 * when nothing can be said of single rows (an outage: transient; a broken statement: permanent).
 */
export const PARKING_HISTORY_WRITER = Symbol('PARKING_HISTORY_WRITER');
export interface ParkingHistoryWriterPort {
  write(batch: ParkingHistoryBatch): Promise<HistoryWriteResult>;
  prune(olderThan: Date): Promise<string[]>;
}
