import type { SerializedChange, StoredParking } from '../stored-parking.js';

export type { SerializedChange } from '../stored-parking.js';

export const PARKING_LIVE_STATE = Symbol('PARKING_LIVE_STATE');

export interface GeoHit {
  id: string;
  distance: number;
}

/** What a write of changed facilities did. */
export interface AppliedChanges {
  /** Change-stream cursor of each facility's event, in the order given. */
  cursors: string[];
  /** Each touched source's state revision after the write (bumped once per write). */
  revisions: Map<string, number>;
}

/** Stored JSON of some of one source's facilities, read together with the source's revision. */
export interface SourceStates {
  /** 0 when the source's states were never written. */
  revision: number;
  /** Per id asked, in order: its stored JSON, or null when Redis holds no state for it. */
  stored: Array<string | null>;
}

/** Current state of every facility, a geo index, and the change stream (cursors). */
export interface ParkingLiveStatePort {
  getMany(ids: string[]): Promise<Map<string, StoredParking>>;
  /** The stored JSON of each id, in the order given (null: no state), unparsed. */
  getManyJson(ids: string[]): Promise<Array<string | null>>;
  get(id: string): Promise<StoredParking | undefined>;
  all(): Promise<StoredParking[]>;
  near(lat: number, lon: number, radiusM: number): Promise<GeoHit[]>;
  /** Ids inside a box (minLon, minLat, maxLon, maxLat), exactly. */
  withinBox(box: [number, number, number, number]): Promise<string[]>;
  /**
   * Writes the changed facilities, appends one change event each and bumps the revision of
   * each source touched, atomically.
   */
  applyChanges(changed: StoredParking[]): Promise<AppliedChanges>;
  /** applyChanges for changes serialised elsewhere (the poll thread). */
  applySerialized(changes: SerializedChange[]): Promise<AppliedChanges>;
  /** A source's state revision: changes whenever any of its states is written. */
  sourceRevision(sourceId: string): Promise<number>;
  /** The stored JSON of the given ids (of one source) and that source's revision, read atomically. */
  readSourceStates(sourceId: string, ids: string[]): Promise<SourceStates>;
}
