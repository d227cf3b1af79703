import { createHash } from 'node:crypto';
import { ParseException } from '../../common/app-exception.js';
import { decodeFeed } from '../../transit/realtime/gtfs-rt.normalizer.js';
import type { RtFeed, RtTripUpdate, TripRelationship } from '../../transit/realtime/rt-feed.model.js';

/** Trip updates per batch: the unit of transfer from the worker and of processing on the main thread. */
export const TRIP_BATCH = 100;

/** What the diff needs of a trip update without parsing it: ids, fingerprint, stop ids. */
export interface TripHead {
  tripId: string | null;
  startDate: string | null;
  routeId: string | null;
  relationship: TripRelationship;
  /** sha1 of the normalised update. */
  print: string;
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

function toBatch(updates: readonly RtTripUpdate[]): TripBatch {
  const jsons = updates.map((tu) => JSON.stringify(tu));
  const heads = updates.map((tu, i) => ({
    tripId: tu.tripId,
    startDate: tu.startDate,
    routeId: tu.routeId,
    relationship: tu.relationship,
    print: createHash('sha1').update(jsons[i]).digest('base64url'),
    stops: tu.stus.map((s) => s.stopId ?? '').join('\n'),
  }));
  return { heads, json: `[${jsons.join(',')}]` };
}

/** Decode + normalise + batches with fingerprints; throws a ParseException naming what is wrong with the bytes. */
export function decodeRtFeed(bytes: Uint8Array): DecodedFeed {
  let feed: RtFeed;
  try {
    feed = decodeFeed(bytes);
  } catch (error) {
    throw new ParseException(`not a GTFS-Realtime FeedMessage: ${(error as Error).message}`);
  }
  const { tripUpdates, ...rest } = feed;
  const batches: TripBatch[] = [];
  for (let i = 0; i < tripUpdates.length; i += TRIP_BATCH) batches.push(toBatch(tripUpdates.slice(i, i + TRIP_BATCH)));
  return { ...rest, batches, tripCount: tripUpdates.length };
}
