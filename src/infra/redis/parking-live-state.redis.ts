import { Inject, Injectable } from '@nestjs/common';
import type { ChainableCommander, Redis } from 'ioredis';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG, REDIS } from '../../config/tokens.js';
import type {
  AppliedChanges,
  GeoHit,
  ParkingLiveStatePort,
  SerializedChange,
  SourceStates,
} from '../../parking/ports/parking-live-state.port.js';
import { serializeChange, type StoredParking } from '../../parking/stored-parking.js';
import { appendChangeJson } from './change-stream.redis.js';
import { geoMembersInBox } from './geo-box-search.js';
import { RedisKeys } from './redis-keys.js';

/** Redis geo sets index latitudes up to ±85.05112878° (Web Mercator). */
const REDIS_GEO_MAX_LAT = 85.05112878;

/** Live parking state in Redis: a hash of JSON states, a geo set, and the change stream. */
@Injectable()
export class ParkingLiveStateRedis implements ParkingLiveStatePort {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly keys: RedisKeys,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async getMany(ids: string[]): Promise<Map<string, StoredParking>> {
    const found = new Map<string, StoredParking>();
    if (ids.length === 0) return found;
    const values = await this.redis.hmget(this.keys.parkings(), ...ids);
    values.forEach((json, i) => {
      if (json !== null) found.set(ids[i], JSON.parse(json) as StoredParking);
    });
    return found;
  }

  async getManyJson(ids: string[]): Promise<Array<string | null>> {
    return ids.length === 0 ? [] : this.redis.hmget(this.keys.parkings(), ...ids);
  }

  async get(id: string): Promise<StoredParking | undefined> {
    const json = await this.redis.hget(this.keys.parkings(), id);
    return json === null ? undefined : (JSON.parse(json) as StoredParking);
  }

  async all(): Promise<StoredParking[]> {
    const values = await this.redis.hvals(this.keys.parkings());
    return values.map((json) => JSON.parse(json) as StoredParking);
  }

  async near(lat: number, lon: number, radiusM: number): Promise<GeoHit[]> {
    const reply = (await this.redis.geosearch(
      this.keys.parkingGeo(),
      'FROMLONLAT',
      lon,
      lat,
      'BYRADIUS',
      radiusM,
      'm',
      'ASC',
      'WITHDIST',
    )) as Array<[string, string]>;
    return reply.map(([id, distance]) => ({ id, distance: Number(distance) }));
  }

  async withinBox(box: [number, number, number, number]): Promise<string[]> {
    return geoMembersInBox(this.redis, this.keys.parkingGeo(), box);
  }

  async applyChanges(changed: StoredParking[]): Promise<AppliedChanges> {
    return this.applySerialized(changed.map(serializeChange));
  }

  async applySerialized(changes: SerializedChange[]): Promise<AppliedChanges> {
    if (changes.length === 0) return { cursors: [], revisions: new Map() };
    const multi = this.redis.multi();
    const fields: string[] = [];
    const sources = new Set<string>();
    for (const c of changes) {
      fields.push(c.id, c.stored);
      sources.add(c.source);
    }
    multi.hset(this.keys.parkings(), ...fields);
    const geoCommands = this.updateGeo(multi, changes);
    for (const c of changes) {
      appendChangeJson(multi, this.keys.changes(), this.config.replayWindowMs, 'parking', c.id, c.parking);
    }
    for (const source of sources) multi.incr(this.keys.parkingRevision(source));
    const results = (await multi.exec()) ?? [];
    // A geo reply may be an error of its own (an unindexable point); stream and counter replies may not.
    const replies = results.slice(1 + geoCommands).map(([error, reply]) => {
      if (error) throw error;
      return reply;
    });
    const revisions = new Map<string, number>();
    [...sources].forEach((source, i) => revisions.set(source, replies[changes.length + i] as number));
    return { cursors: replies.slice(0, changes.length) as string[], revisions };
  }

  async sourceRevision(sourceId: string): Promise<number> {
    return Number((await this.redis.get(this.keys.parkingRevision(sourceId))) ?? 0);
  }

  async readSourceStates(sourceId: string, ids: string[]): Promise<SourceStates> {
    const multi = this.redis.multi().get(this.keys.parkingRevision(sourceId));
    if (ids.length > 0) multi.hmget(this.keys.parkings(), ...ids);
    const results = (await multi.exec()) ?? [];
    const [revisionError, revision] = results[0] ?? [new Error('readSourceStates: empty MULTI reply'), null];
    if (revisionError) throw revisionError;
    const [statesError, stored] = results[1] ?? [null, []];
    if (statesError) throw statesError;
    return { revision: Number(revision ?? 0), stored: stored as Array<string | null> };
  }

  /**
   * One GEOADD for every located facility and one ZREM for those without a location: a large
   * poll sends two commands here, not one per facility. A point Redis cannot index (|lat| above
   * 85.05°) keeps a GEOADD of its own, so its error reply cannot void the others'. Returns how
   * many commands were queued.
   */
  private updateGeo(multi: ChainableCommander, changed: SerializedChange[]): number {
    const batch: Array<number | string> = [];
    const unlocated: string[] = [];
    let commands = 0;
    for (const { id, location: at } of changed) {
      if (at === null) unlocated.push(id);
      else if (Math.abs(at.lat) <= REDIS_GEO_MAX_LAT) batch.push(at.lon, at.lat, id);
      else {
        multi.geoadd(this.keys.parkingGeo(), at.lon, at.lat, id);
        commands += 1;
      }
    }
    if (batch.length > 0) {
      multi.geoadd(this.keys.parkingGeo(), ...batch);
      commands += 1;
    }
    if (unlocated.length > 0) {
      multi.zrem(this.keys.parkingGeo(), ...unlocated);
      commands += 1;
    }
    return commands;
  }
}
