import type { FacilityRecord } from '../parking/parking.model.js';

/**
 * What the last processed payload of one URL read as. A poll answered with the same bytes (or a
 * 304) does not parse again: it reads as this, so an all-invalid payload stays degraded, also
 * after a restart or with its health record gone.
 */
export interface ParseOutcome {
  entities: number;
  warnings: number;
  /** Set when the payload is not usable as a whole, e.g. NO_VALID_RECORDS. */
  verdict?: { code: string; message: string };
}

/** Validators of the last successful fetch of one URL, for conditional GET and the body-hash skip. */
export interface FetchState {
  etag?: string;
  lastModified?: string;
  bodyHash?: string;
  /** The request these validators answer (method, content type, body: fetch/request-key.ts); absent for a plain GET. */
  requestKey?: string;
  /** The outcome of processing the bytes behind bodyHash (absent in states written before it was kept). */
  parsed?: ParseOutcome;
}

/** Reference facilities parsed from a source's `static:` feed, cached between its (rarer) fetches. */
export interface CachedReference {
  fetchedAt: string;
  facilities: FacilityRecord[];
  /** Hash of the `static:` settings these facilities were read with: another URL or mapping is fetched anew. */
  target?: string;
  /** The last attempt failed (facilities are the last good copy): when, why, and with which settings. */
  failure?: { at: string; message: string; target: string };
}

export const FETCH_STATE_STORE = Symbol('FETCH_STATE_STORE');

export interface FetchStateStorePort {
  get(sourceId: string, role: string): Promise<FetchState>;
  put(sourceId: string, role: string, state: FetchState): Promise<void>;
  clear(sourceId: string): Promise<void>;
  getReference(sourceId: string): Promise<CachedReference | undefined>;
  putReference(sourceId: string, reference: CachedReference): Promise<void>;
}
