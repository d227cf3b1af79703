import type { Redis } from 'ioredis';
import { POITIERS_CAR_PARKS } from '../../src/demo/poitiers-car-parks.js';
import { PollSourceService } from '../../src/ingest/poll-source.service.js';
import { appendChangeJson } from '../../src/infra/redis/change-stream.redis.js';
import type { ChangeType } from '../../src/live/change-stream.port.js';
import type { LiveEventName, LiveServerEvents } from '../../src/live/live-protocol.js';
import type { LiveSocket } from '../../src/live/live-client.js';
import type { RunningHub } from '../support/hub-app.js';

/** Shared by the live-*.spec.ts e2e tests. */

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The demo city's real car parks (Grand Poitiers ids, names, capacities, coordinates), as a json-mapping feed. */
export function poitiersFeed(free: Record<number, number> = {}, at = '2026-11-28T10:00:00Z'): string {
  return JSON.stringify({
    items: POITIERS_CAR_PARKS.map((p) => ({
      id: String(p.id),
      name: p.name,
      lat: p.lat,
      lon: p.lon,
      free: free[p.id] ?? Math.round(p.capacity / 2),
      total: p.capacity,
      ts: at,
    })),
  });
}

/** Polls the source now, in the hub that runs the worker modules. */
export function pollNow(worker: RunningHub, sourceId = 'gp'): Promise<unknown> {
  return worker.app.get(PollSourceService).poll(sourceId);
}

export async function append(
  redis: Redis,
  prefix: string,
  type: ChangeType,
  id: string,
  data: unknown,
): Promise<string> {
  const multi = redis.multi();
  // Any data, as the tests need it (the hub's own writers take ChangePayloads[type]).
  appendChangeJson(multi, `${prefix}:changes`, 600_000, type, id, JSON.stringify(data));
  const [[error, cursor]] = (await multi.exec()) as Array<[Error | null, string]>;
  if (error) throw error;
  return cursor;
}

export interface Received {
  name: LiveEventName;
  cursor: string;
  /** The entity: parking id, stop id, vehicle id, alert id or source id. */
  id: string;
  payload: Record<string, unknown>;
}

/** Records every live event a socket receives, in arrival order. */
export class EventLog {
  readonly events: Received[] = [];

  constructor(socket: LiveSocket) {
    const listeners: LiveServerEvents = {
      parking: (e) => this.push('parking', e.cursor, e.parking.id, e),
      departures: (e) => this.push('departures', e.cursor, e.stopId, e),
      vehicle: (e) => this.push('vehicle', e.cursor, e.vehicle.id, e),
      alert: (e) => this.push('alert', e.cursor, e.alert.id, e),
      source: (e) => this.push('source', e.cursor, e.source.id, e),
    };
    socket.on('parking', listeners.parking);
    socket.on('departures', listeners.departures);
    socket.on('vehicle', listeners.vehicle);
    socket.on('alert', listeners.alert);
    socket.on('source', listeners.source);
  }

  /** "name id" of every event so far. */
  get names(): string[] {
    return this.events.map((e) => `${e.name} ${e.id}`);
  }

  clear(): void {
    this.events.length = 0;
  }

  async waitFor(count: number, timeoutMs = 15_000): Promise<Received[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.events.length < count) {
      if (Date.now() > deadline)
        throw new Error(`got ${this.events.length} of ${count} events: ${this.names.join(', ')}`);
      await sleep(25);
    }
    return this.events;
  }

  private push(name: LiveEventName, cursor: string, id: string, payload: object): void {
    this.events.push({ name, cursor, id, payload: payload as Record<string, unknown> });
  }
}

/** Cursors strictly increasing, compared as stream ids. */
export function increasing(cursors: string[]): boolean {
  const keys = cursors.map((c) => c.split('-').map(Number));
  return keys.every((k, i) => i === 0 || k[0] > keys[i - 1][0] || (k[0] === keys[i - 1][0] && k[1] > keys[i - 1][1]));
}

/** The live sockets a test opened, closed at the end. */
export class Sockets {
  private readonly open: LiveSocket[] = [];

  add(socket: LiveSocket): LiveSocket {
    this.open.push(socket);
    return socket;
  }

  closeAll(): void {
    for (const socket of this.open) socket.disconnect();
    this.open.length = 0;
  }
}

export async function connected(socket: LiveSocket): Promise<LiveSocket> {
  if (socket.connected) return socket;
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error));
  });
  return socket;
}

export interface SseEvent {
  id?: string;
  event: string;
  data: Record<string, unknown>;
}

/** A minimal EventSource over fetch: records every message of a text/event-stream response. */
export class SseStream {
  readonly events: SseEvent[] = [];
  private readonly abort = new AbortController();
  private markEnded!: () => void;
  /** Resolves when the server ends the stream (or close() aborts it). */
  readonly ended = new Promise<void>((resolve) => (this.markEnded = resolve));
  status = 0;
  contentType = '';

  static async open(url: string, headers: Record<string, string> = {}): Promise<SseStream> {
    const stream = new SseStream();
    const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: stream.abort.signal });
    stream.status = res.status;
    stream.contentType = res.headers.get('content-type') ?? '';
    if (res.ok && res.body !== null) void stream.read(res.body);
    return stream;
  }

  get names(): string[] {
    return this.events.filter((e) => e.event !== 'ready').map((e) => `${e.event} ${eventEntity(e)}`);
  }

  async waitFor(count: number, timeoutMs = 15_000): Promise<SseEvent[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.events.length < count) {
      if (Date.now() > deadline) throw new Error(`got ${this.events.length} of ${count} SSE events`);
      await sleep(25);
    }
    return this.events;
  }

  close(): void {
    this.abort.abort();
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          this.parse(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
    } catch {
      // aborted by close()
    }
    this.markEnded();
  }

  private parse(block: string): void {
    const fields: Record<string, string> = {};
    for (const line of block.split('\n')) {
      if (line.startsWith(':') || line === '') continue;
      const at = line.indexOf(': ');
      fields[line.slice(0, at)] = line.slice(at + 2);
    }
    if (fields.data === undefined) return;
    this.events.push({
      id: fields.id,
      event: fields.event ?? 'message',
      data: JSON.parse(fields.data) as Record<string, unknown>,
    });
  }
}

function eventEntity(e: SseEvent): string {
  const d = e.data as {
    parking?: { id: string };
    stopId?: string;
    vehicle?: { id: string };
    alert?: { id: string };
    source?: { id: string };
  };
  return d.parking?.id ?? d.stopId ?? d.vehicle?.id ?? d.alert?.id ?? d.source?.id ?? '?';
}
