import type { Alert } from '../transit.model.js';

export interface DelayRow {
  /** `<feedId>:<tripId>` */
  tripId: string;
  serviceDate: string;
  stopId: string | null;
  seq: number | null;
  /** A frequencies.txt trip instance: its start (s after the service day's origin); null for other trips. */
  tripStart: number | null;
  delay: number;
}

export const TRANSIT_HISTORY = Symbol('TRANSIT_HISTORY');

/** Postgres history: alerts (first seen, changes, removal) and the delays feeds reported per trip/stop. */
export interface TransitHistoryPort {
  recordAlerts(sourceId: string, upserts: readonly Alert[], removed: readonly Alert[], at: Date): Promise<void>;
  recordDelays(sourceId: string, rows: readonly DelayRow[], observedAt: Date): Promise<number>;
  prune(olderThan: Date): Promise<number>;
}
