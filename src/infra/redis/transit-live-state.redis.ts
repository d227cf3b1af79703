import { Inject, Injectable } from '@nestjs/common';
import type { ChainableCommander, Redis } from 'ioredis';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG, REDIS } from '../../config/tokens.js';
import type { DeparturesEvent, TransitLiveStatePort, TripUpsert } from '../../transit/ports/transit-live-state.port.js';
import type { TripPrediction } from '../../transit/realtime/trip-prediction.js';
import type { Alert, Vehicle } from '../../transit/transit.model.js';
import { appendChange } from './change-stream.redis.js';
import { geoMembersInBox } from './geo-box-search.js';
import { RedisKeys } from './redis-keys.js';

/** HSET with many fields in slices, so one command never carries megabytes. */
const SLICE = 500;

function parseAll<T>(values: Array<string | null>): T[] {
  const out: T[] = [];
  for (const v of values) if (v !== null) out.push(JSON.parse(v) as T);
  return out;
}

/**
 * The live state of one departures read in one round trip (LiveAtCommands.transitLiveAt).
 * KEYS: per realtime source, its trips hash then its extra-trips hash. ARGV[1]: the number n of
 * prediction keys, ARGV[2..n+1] those keys, the rest the stops asked, each as JSON.stringify
 * writes it. Per source, three arrays: the HMGET of the keys, the extra trips calling at one of
 * the stops (the keys, in HGETALL order) and the HMGET of those. A stored stop list is
 * JSON.stringify of an array of strings and nulls: its strings are compared as written (the same
 * string always has the same JSON text), so nothing is decoded.
 */
const LIVE_AT_SCRIPT = `
local n = tonumber(ARGV[1])
local stops = {}
for i = n + 2, #ARGV do stops[ARGV[i]] = true end
local function hmget(key, fields, first, last)
  local out = {}
  for i = first, last, 1000 do
    local part = redis.call('HMGET', key, unpack(fields, i, math.min(i + 999, last)))
    for j = 1, #part do out[#out + 1] = part[j] end
  end
  return out
end
local function callsAt(list)
  local i, len = 2, #list
  while i < len do
    if string.byte(list, i) == 34 then
      local j = i + 1
      while true do
        local q = string.find(list, '["\\\\]', j)
        if q == nil then return false end
        if string.byte(list, q) == 92 then j = q + 2 else j = q break end
      end
      if stops[string.sub(list, i, j)] then return true end
      i = j + 2
    else
      i = i + 5
    end
  end
  return false
end
local out = {}
for s = 1, #KEYS, 2 do
  out[#out + 1] = hmget(KEYS[s], ARGV, 2, n + 1)
  local all = redis.call('HGETALL', KEYS[s + 1])
  local extra = {}
  for k = 1, #all, 2 do
    if callsAt(all[k + 1]) then extra[#extra + 1] = all[k] end
  end
  out[#out + 1] = extra
  out[#out + 1] = hmget(KEYS[s], extra, 1, #extra)
end
return out
`;

interface LiveAtCommands {
  transitLiveAt(...keysAndArgs: Array<string | number>): Promise<Array<Array<string | null>>>;
}

async function execStreamIds(multi: ChainableCommander): Promise<string[]> {
  const results = (await multi.exec()) ?? [];
  const ids: string[] = [];
  for (const [error, value] of results) {
    if (error) throw error;
    if (typeof value === 'string' && /^\d+-\d+$/.test(value)) ids.push(value);
  }
  return ids;
}

@Injectable()
export class TransitLiveStateRedis implements TransitLiveStatePort {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly keys: RedisKeys,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    if (typeof (redis as Partial<LiveAtCommands>).transitLiveAt !== 'function') {
      redis.defineCommand('transitLiveAt', { lua: LIVE_AT_SCRIPT });
    }
  }

  async tripFingerprints(sourceId: string): Promise<Map<string, string>> {
    return new Map(Object.entries(await this.redis.hgetall(this.keys.transitTripFingerprints(sourceId))));
  }

  async applyTrips(
    sourceId: string,
    upserts: readonly TripUpsert[],
    removedRaw: readonly string[],
    removedKeys: readonly string[],
  ): Promise<void> {
    const trips = this.keys.transitTrips(sourceId);
    const fingerprints = this.keys.transitTripFingerprints(sourceId);
    const extra = this.keys.transitExtraTrips(sourceId);
    const multi = this.redis.multi();
    for (let i = 0; i < upserts.length; i += SLICE) {
      const slice = upserts.slice(i, i + SLICE);
      multi.hset(trips, ...slice.flatMap((u) => [u.prediction.key, JSON.stringify(u.prediction)]));
      multi.hset(fingerprints, ...slice.flatMap((u) => [u.rawKey, u.fingerprint]));
      const unmatched = slice.filter((u) => !u.prediction.matched);
      if (unmatched.length > 0) {
        const stops = unmatched.flatMap((u) => [
          u.prediction.key,
          JSON.stringify(u.prediction.stops.map((s) => s.stopId)),
        ]);
        multi.hset(extra, ...stops);
      }
      const matched = slice.filter((u) => u.prediction.matched).map((u) => u.prediction.key);
      if (matched.length > 0) multi.hdel(extra, ...matched);
    }
    for (let i = 0; i < removedRaw.length; i += SLICE) multi.hdel(fingerprints, ...removedRaw.slice(i, i + SLICE));
    for (let i = 0; i < removedKeys.length; i += SLICE) {
      const slice = removedKeys.slice(i, i + SLICE);
      multi.hdel(trips, ...slice).hdel(extra, ...slice);
    }
    if (upserts.length + removedRaw.length + removedKeys.length > 0) await multi.exec();
  }

  async predictions(sourceIds: readonly string[], keys: readonly string[]): Promise<Map<string, TripPrediction>> {
    const found = new Map<string, TripPrediction>();
    for (const sourceId of sourceIds) {
      for (const [key, p] of await this.tripsOf(sourceId, keys)) found.set(key, p);
    }
    return found;
  }

  async tripsOf(sourceId: string, keys: readonly string[]): Promise<Map<string, TripPrediction>> {
    const found = new Map<string, TripPrediction>();
    if (keys.length === 0) return found;
    const values = await this.redis.hmget(this.keys.transitTrips(sourceId), ...keys);
    values.forEach((json, i) => {
      if (json !== null) found.set(keys[i], JSON.parse(json) as TripPrediction);
    });
    return found;
  }

  async allTrips(sourceId: string): Promise<TripPrediction[]> {
    return parseAll<TripPrediction>(await this.redis.hvals(this.keys.transitTrips(sourceId)));
  }

  async extraTripsAt(sourceIds: readonly string[], stopIds: ReadonlySet<string>): Promise<TripPrediction[]> {
    const out: TripPrediction[] = [];
    for (const sourceId of sourceIds) {
      const all = await this.redis.hgetall(this.keys.transitExtraTrips(sourceId));
      const keys = Object.entries(all)
        .filter(([, stops]) => (JSON.parse(stops) as Array<string | null>).some((s) => s !== null && stopIds.has(s)))
        .map(([key]) => key);
      out.push(...(await this.tripsOf(sourceId, keys)).values());
    }
    return out;
  }

  async liveAt(
    sourceIds: readonly string[],
    keys: readonly string[],
    stopIds: ReadonlySet<string>,
  ): Promise<{ predictions: Map<string, TripPrediction>; extra: TripPrediction[] }> {
    const predictions = new Map<string, TripPrediction>();
    const extra: TripPrediction[] = [];
    if (sourceIds.length === 0) return { predictions, extra };
    const hashes = sourceIds.flatMap((id) => [this.keys.transitTrips(id), this.keys.transitExtraTrips(id)]);
    const stops = [...stopIds].map((s) => JSON.stringify(s));
    const reply = await (this.redis as unknown as LiveAtCommands).transitLiveAt(
      hashes.length,
      ...hashes,
      keys.length,
      ...keys,
      ...stops,
    );
    for (let s = 0; s < reply.length; s += 3) {
      reply[s].forEach((json, i) => {
        if (json !== null) predictions.set(keys[i], JSON.parse(json) as TripPrediction);
      });
      for (const json of reply[s + 2]) if (json !== null) extra.push(JSON.parse(json) as TripPrediction);
    }
    return { predictions, extra };
  }

  async vehicles(sourceIds: readonly string[]): Promise<Vehicle[]> {
    const lists = await Promise.all(sourceIds.map((id) => this.redis.hvals(this.keys.transitVehicles(id))));
    return lists.flatMap((values) => parseAll<Vehicle>(values));
  }

  async vehicleIdsInBox(box: [number, number, number, number]): Promise<Set<string>> {
    return new Set(await geoMembersInBox(this.redis, this.keys.transitVehicleGeo(), box));
  }

  async applyVehicles(sourceId: string, upserts: readonly Vehicle[], removed: readonly Vehicle[]): Promise<string[]> {
    if (upserts.length + removed.length === 0) return [];
    const hash = this.keys.transitVehicles(sourceId);
    const geo = this.keys.transitVehicleGeo();
    const multi = this.redis.multi();
    for (let i = 0; i < upserts.length; i += SLICE) {
      const slice = upserts.slice(i, i + SLICE);
      multi.hset(hash, ...slice.flatMap((v) => [v.id, JSON.stringify(v)]));
      multi.geoadd(geo, ...slice.flatMap((v) => [v.location.lon, v.location.lat, v.id]));
    }
    if (removed.length > 0) {
      multi.hdel(hash, ...removed.map((v) => v.id));
      multi.zrem(geo, ...removed.map((v) => v.id));
    }
    const window = this.config.replayWindowMs;
    for (const v of upserts) appendChange(multi, this.keys.changes(), window, 'vehicle', v.id, v);
    for (const v of removed) appendChange(multi, this.keys.changes(), window, 'vehicle', v.id, { ...v, removed: true });
    return execStreamIds(multi);
  }

  async alerts(sourceIds: readonly string[]): Promise<Alert[]> {
    const lists = await Promise.all(sourceIds.map((id) => this.redis.hvals(this.keys.transitAlerts(id))));
    return lists.flatMap((values) => parseAll<Alert>(values));
  }

  async applyAlerts(sourceId: string, upserts: readonly Alert[], removed: readonly Alert[]): Promise<string[]> {
    if (upserts.length + removed.length === 0) return [];
    const hash = this.keys.transitAlerts(sourceId);
    const multi = this.redis.multi();
    if (upserts.length > 0) multi.hset(hash, ...upserts.flatMap((a) => [a.id, JSON.stringify(a)]));
    if (removed.length > 0) multi.hdel(hash, ...removed.map((a) => a.id));
    const window = this.config.replayWindowMs;
    for (const a of upserts) appendChange(multi, this.keys.changes(), window, 'alert', a.id, { alert: a });
    for (const a of removed)
      appendChange(multi, this.keys.changes(), window, 'alert', a.id, { alert: a, removed: true });
    return execStreamIds(multi);
  }

  async rtEntities(sourceId: string): Promise<Map<string, string>> {
    return new Map(Object.entries(await this.redis.hgetall(this.keys.transitRtEntities(sourceId))));
  }

  async applyRtEntities(sourceId: string, set: ReadonlyMap<string, string>, removed: readonly string[]): Promise<void> {
    const key = this.keys.transitRtEntities(sourceId);
    const entries = [...set.entries()];
    if (entries.length + removed.length === 0) return;
    const multi = this.redis.multi();
    for (let i = 0; i < removed.length; i += SLICE) multi.hdel(key, ...removed.slice(i, i + SLICE));
    for (let i = 0; i < entries.length; i += SLICE) multi.hset(key, ...entries.slice(i, i + SLICE).flat());
    await multi.exec();
  }

  async departureFingerprints(feedId: string, stopIds: readonly string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    if (stopIds.length === 0) return found;
    const values = await this.redis.hmget(this.keys.transitDepartureFingerprints(feedId), ...stopIds);
    values.forEach((v, i) => {
      if (v !== null) found.set(stopIds[i], v);
    });
    return found;
  }

  async appendDepartures(feedId: string, events: readonly DeparturesEvent[]): Promise<string[]> {
    if (events.length === 0) return [];
    const multi = this.redis.multi();
    multi.hset(this.keys.transitDepartureFingerprints(feedId), ...events.flatMap((e) => [e.stopId, e.fingerprint]));
    for (const e of events) {
      appendChange(multi, this.keys.changes(), this.config.replayWindowMs, 'departures', e.stopId, {
        stopId: e.stopId,
        departures: e.departures,
      });
    }
    return execStreamIds(multi);
  }
}
