import type { ApiKeyRecord } from './api-key.model.js';

/** Durable store of API keys (Postgres in production); keyed by the SHA-256 of the key. */
export const API_KEY_STORE = Symbol('API_KEY_STORE');
export interface ApiKeyStorePort {
  insert(key: { name: string; prefix: string; hash: Buffer; perMinute: number }): Promise<ApiKeyRecord>;
  findByHash(hash: Buffer): Promise<ApiKeyRecord | undefined>;
  list(): Promise<ApiKeyRecord[]>;
  /** Revokes by id or by the displayed prefix; returns the revoked key, undefined when none matched. */
  revoke(idOrPrefix: string): Promise<ApiKeyRecord | undefined>;
}
