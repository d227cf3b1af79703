import { createHash } from 'node:crypto';
import type { ApiKeyRecord } from './api-key.model.js';
import type { ApiKeyStorePort } from './api-key.port.js';
import { ApiKeyHashMemo } from './api-key-hash.memo.js';
import { ApiKeyService } from './api-key.service.js';

/** The store's contract in memory (keyed by the SHA-256 of the key), counting lookups. */
class MemoryKeyStore implements ApiKeyStorePort {
  readonly rows: Array<ApiKeyRecord & { hash: Buffer }> = [];
  lookups = 0;

  insert(key: { name: string; prefix: string; hash: Buffer; perMinute: number }): Promise<ApiKeyRecord> {
    const row = { ...key, id: String(this.rows.length + 1), createdAt: '2026-12-08T00:00:00.000Z', revokedAt: null };
    this.rows.push(row);
    return Promise.resolve(row);
  }
  findByHash(hash: Buffer): Promise<ApiKeyRecord | undefined> {
    this.lookups += 1;
    return Promise.resolve(this.rows.find((r) => r.hash.equals(hash)));
  }
  list(): Promise<ApiKeyRecord[]> {
    return Promise.resolve(this.rows);
  }
  revoke(idOrPrefix: string): Promise<ApiKeyRecord | undefined> {
    const row = this.rows.find((r) => r.id === idOrPrefix || r.prefix === idOrPrefix);
    if (row !== undefined) row.revokedAt = '2026-12-08T00:00:01.000Z';
    return Promise.resolve(row);
  }
}

const sha256 = (key: string): string => createHash('sha256').update(key).digest('base64');
const wellFormed = (n: number): string => `mh_${String(n).padStart(43, 'A')}`;

describe('ApiKeyHashMemo', () => {
  it("answers each key's SHA-256 (base64), the same as hashing it", () => {
    const memo = new ApiKeyHashMemo(4);
    const key = wellFormed(1);
    expect(memo.hashOf(key)).toBe(sha256(key));
    expect(memo.hashOf(key)).toBe(sha256(key));
    expect(memo.hashOf(wellFormed(2))).toBe(sha256(wellFormed(2)));
  });

  it('hashes a key once while it is remembered, and remembers at most its bound (the oldest go first)', () => {
    const memo = new ApiKeyHashMemo(3);
    for (let i = 0; i < 10; i += 1) memo.hashOf(wellFormed(i));
    expect(memo.size).toBe(3);
    expect(memo.hashings).toBe(10);
    memo.hashOf(wellFormed(9));
    memo.hashOf(wellFormed(8));
    expect(memo.hashings).toBe(10);
    memo.hashOf(wellFormed(0)); // forgotten: hashed again
    expect(memo.hashings).toBe(11);
    expect(memo.size).toBe(3);
  });
});

describe('ApiKeyService with the hash memo', () => {
  it('finds a created key by its hash, and a revoked key is refused at once in this process, memo or not', async () => {
    const store = new MemoryKeyStore();
    const service = new ApiKeyService(store);
    const { key, record } = await service.create('app', 60);
    expect(store.rows[0].hash.toString('base64')).toBe(sha256(key));
    expect((await service.verify(key))?.id).toBe(record.id);
    expect(service.cachedVerdict(key)).toEqual({ known: true, record: expect.objectContaining({ id: record.id }) });
    expect(store.lookups).toBe(1);

    await service.revoke(record.id);
    expect(service.cachedVerdict(key)).toEqual({ known: false });
    expect(await service.verify(key)).toBeUndefined();
    expect(service.cachedVerdict(key)).toEqual({ known: true, record: undefined });
  });

  it('an unknown well-formed key is looked up once, then known as unknown; a malformed one is never looked up', async () => {
    const store = new MemoryKeyStore();
    const service = new ApiKeyService(store);
    expect(service.cachedVerdict(wellFormed(5))).toEqual({ known: false });
    expect(await service.verify(wellFormed(5))).toBeUndefined();
    expect(service.cachedVerdict(wellFormed(5))).toEqual({ known: true, record: undefined });
    expect(await service.verify('not a key')).toBeUndefined();
    expect(service.cachedVerdict('not a key')).toEqual({ known: true });
    expect(store.lookups).toBe(1);
  });
});
