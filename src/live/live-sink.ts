import type { LiveEvent } from './live-event.js';

/** Writes events to one client connection (a socket.io socket or an SSE response). */
export interface LiveSink {
  readonly id: string;
  /** Sinks of one channel are written together (one encoding for many sockets). */
  readonly channel: LiveChannel;
  /** True while the connection's outgoing buffer is over the slow-client threshold. */
  congested(): boolean;
  write(event: LiveEvent): void;
  /** Calls back once, when the outgoing buffer has been handed on. */
  onceDrained(listener: () => void): void;
}

export type LiveTransport = 'socketio' | 'sse';

export interface LiveChannel {
  readonly transport: LiveTransport;
  writeMany(event: LiveEvent, sinks: LiveSink[]): void;
}

/** Counts events written to clients (Prometheus hub_live_pushes_total). */
export type PushCounter = (transport: LiveTransport, type: LiveEvent['name'], count: number) => void;
