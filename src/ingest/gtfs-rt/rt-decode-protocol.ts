import type { RtFeed, RtTripUpdate } from '../../transit/realtime/rt-feed.model.js';

export const TRIP_CHUNK = 100;

/**
 * `decode` starts a feed; the worker answers with its first chunk and keeps the rest until the
 * main thread asks for the `next` one. Pulling chunk by chunk guarantees the main thread returns
 * to its event loop between two deserialisations (queued messages would be delivered in one go).
 */
export type WorkerRequest = { kind: 'decode'; id: number; bytes: ArrayBuffer } | { kind: 'next'; id: number };

export type WorkerReply =
  | { id: number; kind: 'trips'; tripUpdates: RtTripUpdate[]; tripPrints: string[] }
  | { id: number; kind: 'done'; rest: Omit<RtFeed, 'tripUpdates'> }
  | { id: number; kind: 'error'; message: string };
