import type { FacilityRecord } from '../parking/parking.model.js';

/** Validators of the last successful fetch of one URL, for conditional GET and the body-hash skip. */
export interface FetchState {
  etag?: string;
  lastModified?: string;
  bodyHash?: string;
}

/** Reference facilities parsed from a source's `static:` feed, cached between its (rarer) fetches. */
export interface CachedReference {
  fetchedAt: string;
  facilities: FacilityRecord[];
}

export const FETCH_STATE_STORE = Symbol('FETCH_STATE_STORE');

export interface FetchStateStorePort {
  get(sourceId: string, role: string): Promise<FetchState>;
  put(sourceId: string, role: string, state: FetchState): Promise<void>;
  clear(sourceId: string): Promise<void>;
  getReference(sourceId: string): Promise<CachedReference | undefined>;
  putReference(sourceId: string, reference: CachedReference): Promise<void>;
}
