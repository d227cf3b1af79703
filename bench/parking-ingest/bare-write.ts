import type { Redis } from 'ioredis';
import type { RedisKeys } from '../../src/infra/redis/redis-keys.js';

export interface BareState {
  /** Parking id -> the JSON the hub stores for it, taken from the hub's own hash. */
  json: Map<string, string>;
  location: Map<string, { lat: number; lon: number }>;
}

/**
 * The floor the hub is compared with: no parsing, no diff, values already serialised; one MULTI
 * with one HSET of `hashIds`, one GEOADD of `changedIds` and one XADD per changed id, on twin keys
 * so the hub's are untouched. The XADD arguments are those of src/infra/redis/change-stream.redis.ts.
 */
export async function bareWrite(
  redis: Redis,
  keys: RedisKeys,
  state: BareState,
  hashIds: string[],
  changedIds: string[],
  replayWindowMs: number,
): Promise<void> {
  const multi = redis.multi();
  const fields: string[] = [];
  for (const id of hashIds) fields.push(id, state.json.get(id) as string);
  multi.hset(`${keys.parkings()}:bare`, ...fields);
  const points: Array<number | string> = [];
  for (const id of changedIds) {
    const { lat, lon } = state.location.get(id) as { lat: number; lon: number };
    points.push(lon, lat, id);
  }
  multi.geoadd(`${keys.parkingGeo()}:bare`, ...points);
  const minId = String(Date.now() - replayWindowMs);
  for (const id of changedIds) {
    const data = state.json.get(id) as string;
    multi.xadd(`${keys.changes()}:bare`, 'MINID', '~', minId, '*', 'type', 'parking', 'id', id, 'data', data);
  }
  const results = (await multi.exec()) ?? [];
  for (const [error] of results) if (error) throw error;
}

export async function readBareState(redis: Redis, keys: RedisKeys): Promise<BareState> {
  const all = await redis.hgetall(keys.parkings());
  const json = new Map(Object.entries(all));
  const location = new Map<string, { lat: number; lon: number }>();
  for (const [id, value] of json) {
    const stored = JSON.parse(value) as { parking: { location: { lat: number; lon: number } | null } };
    if (stored.parking.location !== null) location.set(id, stored.parking.location);
  }
  return { json, location };
}
