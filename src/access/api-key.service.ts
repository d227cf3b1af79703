import { Inject, Injectable } from '@nestjs/common';
import { AppException } from '../common/app-exception.js';
import { ErrorCode } from '../common/error-codes.js';
import { ApiKeyHashMemo } from './api-key-hash.memo.js';
import { type ApiKeyRecord, generateApiKey, looksLikeApiKey } from './api-key.model.js';
import { API_KEY_STORE, type ApiKeyStorePort } from './api-key.port.js';

/** How long a process trusts what it read about a key: a revocation elsewhere takes effect within this. */
export const API_KEY_CACHE_MS = 5_000;
const CACHE_MAX_ENTRIES = 10_000;

interface CacheEntry {
  record: ApiKeyRecord | undefined;
  until: number;
}

/**
 * Creates, lists, revokes and verifies API keys. verify() is called on every keyed request
 * (REST guard, socket.io handshake), so answers are cached briefly per process.
 */
@Injectable()
export class ApiKeyService {
  /** Verdicts by the key's hash (base64). */
  private readonly cache = new Map<string, CacheEntry>();
  private readonly hashes = new ApiKeyHashMemo();

  constructor(@Inject(API_KEY_STORE) private readonly store: ApiKeyStorePort) {}

  /** The active key record, or undefined for an unknown, malformed or revoked key. */
  async verify(key: string, now = Date.now()): Promise<ApiKeyRecord | undefined> {
    if (!looksLikeApiKey(key)) return undefined;
    const cacheKey = this.hashes.hashOf(key);
    const cached = this.cache.get(cacheKey);
    if (cached !== undefined && cached.until > now) return cached.record;
    const found = await this.store.findByHash(Buffer.from(cacheKey, 'base64'));
    const record = found?.revokedAt === null ? found : undefined;
    if (this.cache.size >= CACHE_MAX_ENTRIES) this.cache.clear();
    this.cache.set(cacheKey, { record, until: now + API_KEY_CACHE_MS });
    return record;
  }

  /**
   * What verify() would answer from this process's cache alone, without a lookup: `known` is
   * false when the key is not cached (or its entry expired).
   */
  cachedVerdict(key: string, now = Date.now()): { known: boolean; record?: ApiKeyRecord } {
    if (!looksLikeApiKey(key)) return { known: true };
    const cached = this.cache.get(this.hashes.hashOf(key));
    return cached !== undefined && cached.until > now ? { known: true, record: cached.record } : { known: false };
  }

  /** Returns the key itself, once: only its hash is kept. */
  async create(name: string, perMinute: number): Promise<{ key: string; record: ApiKeyRecord }> {
    const { key, prefix, hash } = generateApiKey();
    const record = await this.store.insert({ name, prefix, hash, perMinute });
    return { key, record };
  }

  list(): Promise<ApiKeyRecord[]> {
    return this.store.list();
  }

  async revoke(idOrPrefix: string): Promise<ApiKeyRecord> {
    const revoked = await this.store.revoke(idOrPrefix);
    if (revoked === undefined)
      throw new AppException(ErrorCode.NOT_FOUND, `no API key with id or prefix "${idOrPrefix}"`);
    // This process forgets at once; the others within API_KEY_CACHE_MS.
    this.cache.clear();
    return revoked;
  }
}
