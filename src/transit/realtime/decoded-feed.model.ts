import type { RtFeed, RtTripUpdate, TripRelationship } from './rt-feed.model.js';

/**
 * A decoded GTFS-RT feed as it travels from the decoder (src/ingest/formats/gtfs-rt/, maybe on
 * its worker thread) to the realtime processors: trip updates in fingerprinted batches.
 */

/** Trip updates per batch: the unit of transfer from the worker and of processing on the main thread. */
export const TRIP_BATCH = 100;

/** What the diff needs of a trip update without parsing it: ids, fingerprint, stop ids. */
export interface TripHead {
  entityId: string;
  tripId: string | null;
  startDate: string | null;
  startTime: string | null;
  routeId: string | null;
  relationship: TripRelationship;
  /** trip_update.timestamp (epoch s), null when not given. */
  timestamp: number | null;
  /** sha1 of the normalised update. */
  fingerprint: string;
  /** Stop ids of its stop time updates, "\n"-joined ("" for an update without stop_id). */
  stops: string;
}

/**
 * A batch of trip updates kept as one JSON string until processed: a 60,000-update feed then
 * costs the main thread a few thousand objects, not one per stop time update, and only the
 * batches with a changed trip are ever parsed.
 */
export interface TripBatch {
  heads: TripHead[];
  json: string;
}

export interface DecodedFeed extends Omit<RtFeed, 'tripUpdates'> {
  batches: TripBatch[];
  tripCount: number;
}

export function parseBatch(batch: TripBatch): RtTripUpdate[] {
  return JSON.parse(batch.json) as RtTripUpdate[];
}
