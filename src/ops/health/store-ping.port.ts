/** The live-state store (Redis) answering at all: what /health/ready's `redis` check asks. */
export const STORE_PING = Symbol('STORE_PING');
export interface StorePing {
  /** Resolves when the store answered; rejects when it did not (or not in time). */
  ping(): Promise<void>;
}
