import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { REDIS } from '../../config/tokens.js';
import type { CachedReference, FetchState, FetchStateStorePort, ParseOutcome } from '../../ingest/fetch-state.port.js';
import { RedisKeys } from './redis-keys.js';

const ROLES = ['main', 'static', 'tripUpdates', 'vehiclePositions', 'alerts'];

@Injectable()
export class FetchStateRedis implements FetchStateStorePort {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  async get(sourceId: string, role: string): Promise<FetchState> {
    const h = await this.redis.hgetall(this.keys.fetchState(sourceId, role));
    const state: FetchState = { etag: h.etag, lastModified: h.lastModified, bodyHash: h.bodyHash };
    // Without it, the validators of a request with a body (`request:`) were never taken as its own.
    if (h.requestKey !== undefined) state.requestKey = h.requestKey;
    if (h.parsed !== undefined) state.parsed = JSON.parse(h.parsed) as ParseOutcome;
    return state;
  }

  async put(sourceId: string, role: string, state: FetchState): Promise<void> {
    const key = this.keys.fetchState(sourceId, role);
    const { parsed, ...validators } = state;
    const fields = Object.entries(validators)
      .filter(([, v]) => v !== undefined)
      .flat() as string[];
    if (parsed !== undefined) fields.push('parsed', JSON.stringify(parsed));
    const multi = this.redis.multi().del(key);
    if (fields.length > 0) multi.hset(key, ...fields);
    await multi.exec();
  }

  async clear(sourceId: string): Promise<void> {
    await this.redis.del(
      ...ROLES.map((role) => this.keys.fetchState(sourceId, role)),
      this.keys.staticReference(sourceId),
    );
  }

  async getReference(sourceId: string): Promise<CachedReference | undefined> {
    const json = await this.redis.get(this.keys.staticReference(sourceId));
    if (json === null) return undefined;
    const cached = JSON.parse(json) as CachedReference;
    return cached;
  }

  async putReference(sourceId: string, reference: CachedReference): Promise<void> {
    await this.redis.set(this.keys.staticReference(sourceId), JSON.stringify(reference));
  }
}
