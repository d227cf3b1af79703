/**
 * The live feed's wire format (docs/interface.md § Live feed): one typed map of what the server emits and what
 * the client sends, used by the gateway, the SSE mirror and the bundled client (live-client.ts).
 * Types only, plus a few constants: safe to import from a browser or a Node client.
 */
import type { ErrorCode } from '../common/error-codes.js';
import type { SourceHealth } from '../ops/source-health.model.js';
import type { Parking } from '../parking/parking.model.js';
import type { Alert, Departure, Vehicle } from '../transit/transit.model.js';

export const LIVE_NAMESPACE = '/live';

/** A stream position: the Redis stream entry id "<ms>-<seq>", increasing with every change. */
export type Cursor = string;

export type LiveArea =
  | { near: { lat: number; lon: number }; radius: number }
  | { bbox: [minLon: number, minLat: number, maxLon: number, maxLat: number] };

/** `subscribe` payload: any combination of filters; an event is delivered when one of them matches. */
export interface SubscribeRequest {
  parkings?: string[];
  /** Every car park, including those that appear after the subscribe. */
  allParkings?: boolean;
  area?: LiveArea;
  stops?: string[];
  routes?: string[];
  alerts?: boolean;
  sources?: boolean;
  /** Resume after this cursor (default: the handshake's `auth.cursor`; `null` asks for a snapshot). */
  since?: Cursor | null;
}

export interface UnsubscribeRequest {
  subscription: string;
}

/** A parking as served: `distance` (m) is set in snapshots of `near` areas. */
export type LiveParking = Parking & { distance?: number };

/** Only the keys the subscription asked for are present. */
export interface LiveSnapshot {
  parkings?: LiveParking[];
  departures?: Departure[];
  vehicles?: Vehicle[];
  alerts?: Alert[];
  sources?: SourceHealth[];
}

export interface LiveError {
  code: `${ErrorCode}`;
  message: string;
  details?: unknown;
}

export interface LiveErrorAck {
  ok: false;
  error: LiveError;
}

/**
 * `cursor`: every event that follows this ack has a larger cursor. Not resumed: the snapshot is
 * current as of `cursor`. Resumed: `cursor` is the `since` you sent and the missed events follow.
 */
export interface SubscribeOk {
  ok: true;
  subscription: string;
  cursor: Cursor;
  resumed: boolean;
  snapshot: LiveSnapshot;
}

export type SubscribeAck = SubscribeOk | LiveErrorAck;
export type UnsubscribeAck = { ok: true; subscription: string } | LiveErrorAck;

export interface ParkingEvent {
  cursor: Cursor;
  parking: Parking;
}
export interface DeparturesEvent {
  cursor: Cursor;
  stopId: string;
  departures: Departure[];
}
export interface VehicleEvent {
  cursor: Cursor;
  vehicle: Vehicle;
}
export interface AlertEvent {
  cursor: Cursor;
  alert: Alert;
  removed?: boolean;
}
export interface SourceEvent {
  cursor: Cursor;
  source: SourceHealth;
}

/** Server -> client events. */
export interface LiveServerEvents {
  parking: (event: ParkingEvent) => void;
  departures: (event: DeparturesEvent) => void;
  vehicle: (event: VehicleEvent) => void;
  alert: (event: AlertEvent) => void;
  source: (event: SourceEvent) => void;
}

/** Client -> server events; both answer through the socket.io acknowledgement. */
export interface LiveClientEvents {
  subscribe: (request: SubscribeRequest, ack: (response: SubscribeAck) => void) => void;
  unsubscribe: (request: UnsubscribeRequest, ack: (response: UnsubscribeAck) => void) => void;
}

/** Every client event, so the gateway can answer any other name (typed: a new event must be added here). */
const LIVE_CLIENT_EVENTS: Record<keyof LiveClientEvents, true> = { subscribe: true, unsubscribe: true };

export function isLiveClientEvent(name: unknown): name is keyof LiveClientEvents {
  return typeof name === 'string' && Object.hasOwn(LIVE_CLIENT_EVENTS, name);
}

export type LiveEventName = keyof LiveServerEvents;
export const LIVE_EVENT_NAMES: readonly LiveEventName[] = ['parking', 'departures', 'vehicle', 'alert', 'source'];

/** What a client may put in the socket.io handshake `auth`. */
export interface LiveHandshakeAuth {
  apiKey?: string;
  /** Default `since` of every subscribe on this connection. */
  cursor?: Cursor;
}

/** SSE only: the first event of a stream, carrying what the socket.io ack carries. */
export const SSE_READY_EVENT = 'ready';
