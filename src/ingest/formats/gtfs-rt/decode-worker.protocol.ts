import type { DecodedFeed, TripBatch } from '../../../transit/realtime/decoded-feed.model.js';

/**
 * `decode` starts a feed; the worker answers with its first batch and keeps the rest until the
 * main thread asks for the `next` one. Pulling batch by batch guarantees the main thread returns
 * to its event loop between two deserialisations (queued messages would be delivered in one go).
 */
export type WorkerRequest = { kind: 'decode'; id: number; bytes: ArrayBuffer } | { kind: 'next'; id: number };

export type WorkerReply =
  | { id: number; kind: 'batch'; batch: TripBatch }
  | { id: number; kind: 'done'; rest: Omit<DecodedFeed, 'batches'> }
  | { id: number; kind: 'error'; message: string };
