import { createHash } from 'node:crypto';
import { ParseException } from '../../../common/app-exception.js';
import { TRIP_BATCH, type DecodedFeed, type TripBatch } from '../../../transit/realtime/decoded-feed.model.js';
import type { RtFeed, RtTripUpdate } from '../../../transit/realtime/rt-feed.model.js';
import { decodeFeed } from './gtfs-rt.adapter.js';

function toBatch(updates: readonly RtTripUpdate[]): TripBatch {
  const jsons = updates.map((tu) => JSON.stringify(tu));
  const heads = updates.map((tu, i) => ({
    entityId: tu.entityId,
    tripId: tu.tripId,
    startDate: tu.startDate,
    startTime: tu.startTime,
    routeId: tu.routeId,
    relationship: tu.relationship,
    timestamp: tu.timestamp,
    fingerprint: createHash('sha1').update(jsons[i]).digest('base64url'),
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
