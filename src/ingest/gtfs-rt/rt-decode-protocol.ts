import type { RtFeed, RtTripUpdate } from '../../transit/realtime/rt-feed.model.js';

export const TRIP_CHUNK = 250;

export interface WorkerRequest {
  id: number;
  bytes: ArrayBuffer;
}

export type WorkerReply =
  | { id: number; kind: 'trips'; tripUpdates: RtTripUpdate[]; tripPrints: string[] }
  | { id: number; kind: 'done'; rest: Omit<RtFeed, 'tripUpdates'> }
  | { id: number; kind: 'error'; message: string };
