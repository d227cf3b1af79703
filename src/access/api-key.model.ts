import { createHash, randomBytes } from 'node:crypto';

/** What the hub knows about a key; the key itself is never stored. */
export interface ApiKeyRecord {
  id: string;
  name: string;
  /** First characters of the key, so people can tell keys apart in listings. */
  prefix: string;
  perMinute: number;
  createdAt: string;
  revokedAt: string | null;
}

export const API_KEY_PREFIX = 'mh_';
const SHOWN_CHARS = 11;

/** A new key: 32 random bytes (256 bits), base64url, behind a recognisable prefix. */
export function generateApiKey(): { key: string; prefix: string; hash: Buffer } {
  const key = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { key, prefix: key.slice(0, SHOWN_CHARS), hash: hashApiKey(key) };
}

/**
 * SHA-256 suffices: a slow hash (bcrypt, argon2) protects low-entropy passwords against guessing,
 * and a 256-bit random key cannot be guessed; a fast hash also lets each request look its key up by index.
 */
export function hashApiKey(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

/** Cheap shape check before any lookup, so junk never reaches Redis or Postgres. */
export function looksLikeApiKey(value: string): boolean {
  return /^mh_[A-Za-z0-9_-]{43}$/.test(value);
}
