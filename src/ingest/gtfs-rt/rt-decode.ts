import { createHash } from 'node:crypto';
import { ParseException } from '../../common/app-exception.js';
import { decodeFeed } from '../../transit/realtime/gtfs-rt.normalizer.js';
import type { RtFeed, RtTripUpdate } from '../../transit/realtime/rt-feed.model.js';

/** A decoded feed plus one fingerprint per trip update, so unchanged trips can be skipped cheaply. */
export interface DecodedFeed extends RtFeed {
  tripPrints: string[];
}

export function tripPrint(tu: RtTripUpdate): string {
  return createHash('sha1').update(JSON.stringify(tu)).digest('base64url');
}

/** Decode + normalise + fingerprints; throws a ParseException naming what is wrong with the bytes. */
export function decodeRtFeed(bytes: Uint8Array): DecodedFeed {
  let feed: RtFeed;
  try {
    feed = decodeFeed(bytes);
  } catch (error) {
    throw new ParseException(`not a GTFS-Realtime FeedMessage: ${(error as Error).message}`);
  }
  return { ...feed, tripPrints: feed.tripUpdates.map(tripPrint) };
}
