import { parentPort } from 'node:worker_threads';
import { decodeRtFeed } from './rt-decode.js';
import type { WorkerReply, WorkerRequest } from './rt-decode-protocol.js';
import { TRIP_CHUNK } from './rt-decode-protocol.js';

/**
 * Decodes GTFS-RT off the main thread. Trip updates go back in chunks: each message is then
 * deserialised on the main thread in a few ms instead of one long pause for a 60k-update feed.
 */
parentPort?.on('message', (req: WorkerRequest) => {
  const post = (reply: WorkerReply): void => parentPort?.postMessage(reply);
  try {
    const feed = decodeRtFeed(new Uint8Array(req.bytes));
    const { tripUpdates, tripPrints, ...rest } = feed;
    for (let i = 0; i < tripUpdates.length; i += TRIP_CHUNK) {
      post({ id: req.id, kind: 'trips', tripUpdates: tripUpdates.slice(i, i + TRIP_CHUNK), tripPrints: tripPrints.slice(i, i + TRIP_CHUNK) });
    }
    post({ id: req.id, kind: 'done', rest });
  } catch (error) {
    post({ id: req.id, kind: 'error', message: (error as Error).message });
  }
});
