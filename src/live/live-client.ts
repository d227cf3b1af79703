/**
 * Typed client for the live feed, for Node and bundlers (socket.io-client). The event and
 * payload types are the gateway's own (live-protocol.ts), so a server change breaks the build
 * of clients using this helper, not their users.
 *
 *   const socket = connectLive('https://hub.example.org', { apiKey });
 *   followLive(socket, { area: { near: { lat: 46.58, lon: 0.34 }, radius: 800 } }, {
 *     ready: (ack) => show(ack.snapshot.parkings), parking: ({ parking }) => update(parking),
 *   });
 */
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import { compareCursors, parseCursor } from './cursor.js';
import {
  LIVE_NAMESPACE,
  type AlertEvent,
  type DeparturesEvent,
  type LiveClientEvents,
  type LiveError,
  type LiveHandshakeAuth,
  type LiveServerEvents,
  type ParkingEvent,
  type SourceEvent,
  type SubscribeOk,
  type SubscribeRequest,
  type VehicleEvent,
} from './live-protocol.js';

export type LiveSocket = Socket<LiveServerEvents, LiveClientEvents>;

export interface ConnectLiveOptions extends Partial<ManagerOptions & SocketOptions> {
  apiKey?: string;
  /** Handshake `auth.cursor`, read again at every reconnection when given as a function. */
  cursor?: string | (() => string | undefined);
}

/**
 * Connects to `<url>/live` over WebSocket alone: no long-polling step, so no sticky sessions are
 * needed between API processes (the hub serves both; pass `transports` to use polling).
 */
export function connectLive(url: string, options: ConnectLiveOptions = {}): LiveSocket {
  const { apiKey, cursor, ...rest } = options;
  return io(`${url.replace(/\/+$/, '')}${LIVE_NAMESPACE}`, {
    transports: ['websocket'],
    ...rest,
    auth: (send: (auth: LiveHandshakeAuth) => void) => {
      const auth: LiveHandshakeAuth = {};
      const at = typeof cursor === 'function' ? cursor() : cursor;
      if (apiKey !== undefined) auth.apiKey = apiKey;
      if (at !== undefined) auth.cursor = at;
      send(auth);
    },
  });
}

/** An error ack (`{ ok: false, error }`) as an exception. */
export class LiveAckError extends Error {
  constructor(readonly error: LiveError) {
    super(`${error.code}: ${error.message}`);
    this.name = 'LiveAckError';
  }
}

export async function subscribeLive(
  socket: LiveSocket,
  request: SubscribeRequest,
  timeoutMs = 10_000,
): Promise<SubscribeOk> {
  const ack = await socket.timeout(timeoutMs).emitWithAck('subscribe', request);
  if (!ack.ok) throw new LiveAckError(ack.error);
  return ack;
}

export async function unsubscribeLive(socket: LiveSocket, subscription: string, timeoutMs = 10_000): Promise<void> {
  const ack = await socket.timeout(timeoutMs).emitWithAck('unsubscribe', { subscription });
  if (!ack.ok) throw new LiveAckError(ack.error);
}

export interface LiveHandlers {
  /** After every (re)subscribe: `resumed` false means "replace your state with `snapshot`". */
  ready?(ack: SubscribeOk): void;
  error?(error: Error): void;
  parking?(event: ParkingEvent): void;
  departures?(event: DeparturesEvent): void;
  vehicle?(event: VehicleEvent): void;
  alert?(event: AlertEvent): void;
  source?(event: SourceEvent): void;
}

export interface LiveFollow {
  /** The last cursor seen on this connection: where a reconnection resumes. */
  readonly cursor: string | undefined;
  stop(): Promise<void>;
}

/**
 * Subscribes now and again after every reconnection, with `since` = the last cursor seen, so
 * missed events are replayed (or a fresh snapshot comes when they are too old).
 */
export function followLive(
  socket: LiveSocket,
  request: Omit<SubscribeRequest, 'since'>,
  handlers: LiveHandlers,
): LiveFollow {
  let cursor: string | undefined;
  let subscription: string | undefined;
  const advance = (next: string) => {
    const a = parseCursor(next);
    const b = cursor === undefined ? undefined : parseCursor(cursor);
    if (a !== undefined && (b === undefined || compareCursors(a, b) > 0)) cursor = next;
  };
  const listeners: LiveServerEvents = {
    parking: (e) => (advance(e.cursor), handlers.parking?.(e)),
    departures: (e) => (advance(e.cursor), handlers.departures?.(e)),
    vehicle: (e) => (advance(e.cursor), handlers.vehicle?.(e)),
    alert: (e) => (advance(e.cursor), handlers.alert?.(e)),
    source: (e) => (advance(e.cursor), handlers.source?.(e)),
  };
  socket.on('parking', listeners.parking);
  socket.on('departures', listeners.departures);
  socket.on('vehicle', listeners.vehicle);
  socket.on('alert', listeners.alert);
  socket.on('source', listeners.source);
  const start = () => {
    subscribeLive(socket, { ...request, since: cursor ?? null })
      .then((ack) => {
        subscription = ack.subscription;
        advance(ack.cursor);
        handlers.ready?.(ack);
      })
      .catch((error: unknown) => handlers.error?.(error instanceof Error ? error : new Error(String(error))));
  };
  socket.on('connect', start);
  if (socket.connected) start();
  return {
    get cursor() {
      return cursor;
    },
    async stop() {
      socket.off('connect', start);
      socket.off('parking', listeners.parking);
      socket.off('departures', listeners.departures);
      socket.off('vehicle', listeners.vehicle);
      socket.off('alert', listeners.alert);
      socket.off('source', listeners.source);
      if (subscription !== undefined && socket.connected) await unsubscribeLive(socket, subscription);
    },
  };
}
