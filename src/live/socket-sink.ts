import type { Namespace, Socket } from 'socket.io';
import type { LiveEvent } from './live-event.js';
import type { LiveClientEvents, LiveServerEvents } from './live-protocol.js';
import type { LiveChannel, LiveSink, LiveSubscriber, PushCounter } from './live-subscriber.js';

/** Per-socket data set by the handshake guard and the gateway. */
export interface LiveSocketData {
  /** Handshake `auth.cursor`: the default `since` of this connection's subscribes. */
  cursor?: string;
  subscriber?: LiveSubscriber;
  /** The connection's last subscribe: the next one starts when it has answered. */
  subscribing?: Promise<void>;
}

type NoServerEvents = Record<string, never>;
export type LiveNamespace = Namespace<LiveClientEvents, LiveServerEvents, NoServerEvents, LiveSocketData>;
export type LiveServerSocket = Socket<LiveClientEvents, LiveServerEvents, NoServerEvents, LiveSocketData>;

/**
 * All sockets of the namespace: an event going to several sockets is one socket.io broadcast to
 * their ids, so it is encoded (and its websocket frame built) once, not once per socket.
 */
export class SocketChannel implements LiveChannel {
  readonly transport = 'socketio';

  constructor(
    private readonly nsp: LiveNamespace,
    readonly count: PushCounter,
  ) {}

  writeMany(event: LiveEvent, sinks: LiveSink[]): void {
    if (sinks.length === 1) return sinks[0].write(event);
    emitEvent(this.nsp.to(sinks.map((s) => s.id)), event);
    this.count('socketio', event.name, sinks.length);
  }
}

export class SocketSink implements LiveSink {
  constructor(
    private readonly socket: LiveServerSocket,
    readonly channel: SocketChannel,
    private readonly maxQueuedPackets: number,
  ) {}

  get id(): string {
    return this.socket.id;
  }

  congested(): boolean {
    return queuedPackets(this.socket) >= this.maxQueuedPackets;
  }

  write(event: LiveEvent): void {
    emitEvent(this.socket, event);
    this.channel.count('socketio', event.name, 1);
  }

  onceDrained(listener: () => void): void {
    this.socket.conn.once('drain', listener);
  }
}

/**
 * Packets engine.io holds for this socket while the previous write has not reached the kernel:
 * it grows only when the client (or its network) reads slower than we write. The field is
 * not in engine.io's typings, hence the narrow read.
 */
function queuedPackets(socket: LiveServerSocket): number {
  const buffer = (socket.conn as unknown as { writeBuffer?: unknown }).writeBuffer;
  return Array.isArray(buffer) ? buffer.length : 0;
}

/**
 * Reads nothing more from this client: frames already received and those still arriving stay
 * unparsed. The WebSocket's own pause (ws), which its back-pressure handling does not undo; the
 * transport is not in engine.io's typings, hence the narrow read.
 */
export function stopReading(socket: LiveServerSocket): void {
  const ws = (socket.conn as unknown as { transport?: { socket?: { pause?: unknown } } }).transport?.socket;
  if (typeof ws?.pause === 'function') (ws.pause as () => void).call(ws);
  else socket.request.socket.pause();
}

/** One socket, or a broadcast to several: both emit the server events the same way. */
type LiveEmitter = Pick<LiveServerSocket, 'emit'> | Pick<ReturnType<LiveNamespace['to']>, 'emit'>;

/** Emits the event under its name with its payload (one case per event, so each payload stays typed). */
function emitEvent(target: LiveEmitter, event: LiveEvent): void {
  switch (event.name) {
    case 'parking':
      target.emit('parking', event.payload);
      return;
    case 'departures':
      target.emit('departures', event.payload);
      return;
    case 'vehicle':
      target.emit('vehicle', event.payload);
      return;
    case 'alert':
      target.emit('alert', event.payload);
      return;
    case 'source':
      target.emit('source', event.payload);
      return;
  }
}
