import type { SourceHealth } from '../ops/source-health.model.js';
import type { Parking } from '../parking/parking.model.js';
import type { Alert, Departure, Vehicle } from '../transit/transit.model.js';

/**
 * The change stream: every change to live state is one entry (type, id, JSON data) whose id is
 * the cursor clients resume from. The stores write it in the same transaction as the state
 * (infra/redis/change-stream.redis.ts `appendChange`); the live feed reads it through this port.
 */

/** What each change type carries: the write side takes exactly this, the read side parses it back. */
export interface ChangePayloads {
  parking: Parking;
  source: SourceHealth;
  /** `routeId` is not written today; the reader still routes by it when present. */
  departures: { stopId: string; departures: Departure[]; routeId?: string };
  vehicle: Vehicle & { removed?: true };
  alert: { alert: Alert; removed?: true };
}

export type ChangeType = keyof ChangePayloads;

/** A raw stream entry: the id and the flat field/value list ("type", t, "id", i, "data", json). */
export interface StreamEntry {
  cursor: string;
  fields: string[];
}

/** What a resume needs to know about the change stream. */
export interface StreamState {
  /** Id of the last entry ever added (survives trimming); "0-0" when the stream does not exist. */
  lastId: string;
  /** Largest id removed by trimming (Redis >= 7), or undefined on older servers. */
  maxDeletedId?: string;
  /** Oldest entry still held. */
  firstId?: string;
}

/** A blocking reader of the stream's tail, on a connection of its own. */
export interface ChangeStreamTail {
  /** Up to `count` entries after `after`, waiting up to `blockMs` for one ([] when none came). */
  read(after: string, count: number, blockMs: number): Promise<StreamEntry[]>;
  close(): void;
}

export const CHANGE_STREAM = Symbol('CHANGE_STREAM');
export interface ChangeStreamPort {
  state(): Promise<StreamState>;
  /** Entries after `since` (exclusive) up to `upTo` (inclusive), a page at a time. */
  range(since: string, upTo: string): AsyncIterable<StreamEntry[]>;
  /** Opens a tail reader; its waits may outlast the store's command timeout and a reconnect. */
  openTail(): ChangeStreamTail;
}
