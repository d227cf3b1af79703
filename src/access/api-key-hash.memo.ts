import { hashApiKey } from './api-key.model.js';

/** Distinct keys a process sees at once are few (one per client app); past this the oldest are forgotten. */
const DEFAULT_MAX_KEYS = 1_000;

/**
 * The SHA-256 (base64) of each API key seen lately, so a keyed request hashes its key once per
 * process rather than on every request. A key's hash never changes, so this says nothing about
 * whether the key is valid: that stays ApiKeyService's cache and store (a revocation clears the
 * cache, never needs this). Holds the keys themselves in memory, as the requests carrying them do;
 * only well-formed keys come here (ApiKeyService checks the shape first), at most `maxKeys`.
 */
export class ApiKeyHashMemo {
  private readonly hashes = new Map<string, string>();
  /** How many times a hash was computed (tests read it). */
  hashings = 0;

  constructor(private readonly maxKeys = DEFAULT_MAX_KEYS) {}

  hashOf(key: string): string {
    const known = this.hashes.get(key);
    if (known !== undefined) return known;
    const hash = hashApiKey(key).toString('base64');
    this.hashings += 1;
    if (this.hashes.size >= this.maxKeys) this.hashes.delete(this.hashes.keys().next().value as string);
    this.hashes.set(key, hash);
    return hash;
  }

  get size(): number {
    return this.hashes.size;
  }
}
