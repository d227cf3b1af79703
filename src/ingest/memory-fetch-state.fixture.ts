import type { CachedReference, FetchState, FetchStateStorePort } from './fetch-state.port.js';

/**
 * The fetch-state port's contract held in a Map, for specs of the conditional fetch (the Redis adapter's
 * round trip is tested on real Redis). Holds no reference (getReference is always undefined).
 */
export class MemoryFetchState implements FetchStateStorePort {
  readonly states = new Map<string, FetchState>();
  get(sourceId: string, role: string): Promise<FetchState> {
    return Promise.resolve(structuredClone(this.states.get(`${sourceId}/${role}`) ?? {}));
  }
  put(sourceId: string, role: string, state: FetchState): Promise<void> {
    this.states.set(`${sourceId}/${role}`, structuredClone(state));
    return Promise.resolve();
  }
  clear(): Promise<void> {
    return Promise.resolve();
  }
  getReference(): Promise<CachedReference | undefined> {
    return Promise.resolve(undefined);
  }
  putReference(): Promise<void> {
    return Promise.resolve();
  }
}
