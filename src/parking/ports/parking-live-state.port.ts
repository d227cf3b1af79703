import type { StoredParking } from '../stored-parking.js';

export const PARKING_LIVE_STATE = Symbol('PARKING_LIVE_STATE');

export interface GeoHit {
  id: string;
  distance: number;
}

/** Current state of every facility, a geo index, and the change stream (cursors). */
export interface ParkingLiveStatePort {
  getMany(ids: string[]): Promise<Map<string, StoredParking>>;
  get(id: string): Promise<StoredParking | undefined>;
  all(): Promise<StoredParking[]>;
  near(lat: number, lon: number, radiusM: number): Promise<GeoHit[]>;
  /** Ids inside a box (minLon, minLat, maxLon, maxLat), exactly. */
  withinBox(box: [number, number, number, number]): Promise<string[]>;
  /** Writes the changed facilities and appends one change event each; returns their cursors. */
  applyChanges(changed: StoredParking[]): Promise<string[]>;
}
