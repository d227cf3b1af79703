import { parentPort } from 'node:worker_threads';
import type { DecodedFeed } from '../../../transit/realtime/decoded-feed.model.js';
import { decodeRtFeed } from './gtfs-rt-batches.js';
import type { WorkerReply, WorkerRequest } from './decode-worker.protocol.js';

/** Decodes GTFS-RT off the main thread and hands the trip batches back one per request. */
const feeds = new Map<number, { feed: DecodedFeed; next: number }>();

function post(reply: WorkerReply): void {
  parentPort?.postMessage(reply);
}

function sendNext(id: number): void {
  const entry = feeds.get(id);
  if (entry === undefined) return;
  const { feed, next } = entry;
  if (next < feed.batches.length) {
    entry.next = next + 1;
    post({ id, kind: 'batch', batch: feed.batches[next] });
    return;
  }
  feeds.delete(id);
  const { batches: _batches, ...rest } = feed;
  post({ id, kind: 'done', rest });
}

parentPort?.on('message', (req: WorkerRequest) => {
  if (req.kind === 'next') return sendNext(req.id);
  try {
    feeds.set(req.id, { feed: decodeRtFeed(new Uint8Array(req.bytes)), next: 0 });
    sendNext(req.id);
  } catch (error) {
    post({ id: req.id, kind: 'error', message: (error as Error).message });
  }
});
