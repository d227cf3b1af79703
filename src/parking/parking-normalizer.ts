import type { FacilityRecord, OccupancyRecord, Parking, ParkingParseResult, ParkingTrend } from './parking.model.js';
import { estimateClockSkewMs } from './clock-skew.js';
import { QualityFlag } from './quality-flags.js';
import type { StoredParking } from './stored-parking.js';

export interface NormalizeInput {
  sourceId: string;
  parsed: ParkingParseResult;
  /** Reference facilities from the source's `static:` feed, when it has one. */
  reference?: FacilityRecord[];
  receivedAt: Date;
  previous: Map<string, StoredParking>;
  frozenAfterMs: number;
}

export interface NormalizeOutput {
  parkings: StoredParking[];
  clockSkewMs: number;
}

/** Builds canonical, validated Parking objects from one poll's records. Pure. */
export function normalizeParkings(input: NormalizeInput): NormalizeOutput {
  const facilities = mergeFacilities(input.reference ?? [], input.parsed.facilities);
  const { latest, duplicated } = latestObservations(input.parsed.observations);
  const clockSkewMs = estimateClockSkewMs(input.parsed.observations, input.parsed.publishedAt, input.receivedAt);
  const ids = new Set([...facilities.keys(), ...latest.keys()]);
  const parkings: StoredParking[] = [];
  for (const localId of ids) {
    const id = `${input.sourceId}:${localId}`;
    const flags = new Set<QualityFlag>();
    if (duplicated.has(localId)) flags.add(QualityFlag.Duplicate);
    if (clockSkewMs > 0) flags.add(QualityFlag.ClockSkew);
    const observedAt = observationTime(latest.get(localId), input, clockSkewMs);
    const parking = buildParking(id, input.sourceId, facilities.get(localId), latest.get(localId), observedAt, flags);
    parkings.push(withHistory(parking, input.previous.get(id), input.receivedAt, input.frozenAfterMs));
  }
  return { parkings, clockSkewMs };
}

function mergeFacilities(reference: FacilityRecord[], realtime: FacilityRecord[]): Map<string, FacilityRecord> {
  const byId = new Map<string, FacilityRecord>();
  for (const f of [...reference, ...realtime]) {
    const before = byId.get(f.localId);
    byId.set(f.localId, before === undefined ? f : { ...before, ...definedOnly(f) });
  }
  return byId;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function latestObservations(observations: OccupancyRecord[]): {
  latest: Map<string, OccupancyRecord>;
  duplicated: Set<string>;
} {
  const latest = new Map<string, OccupancyRecord>();
  const duplicated = new Set<string>();
  for (const o of observations) {
    const before = latest.get(o.localId);
    if (before !== undefined) duplicated.add(o.localId);
    if (before === undefined || (o.observedAt?.getTime() ?? 0) >= (before.observedAt?.getTime() ?? 0)) {
      latest.set(o.localId, o);
    }
  }
  return { latest, duplicated };
}

function observationTime(o: OccupancyRecord | undefined, input: NormalizeInput, skewMs: number): Date {
  const stated = o?.observedAt ?? input.parsed.publishedAt;
  if (stated === undefined) return input.receivedAt;
  return new Date(stated.getTime() - skewMs);
}

function buildParking(
  id: string,
  source: string,
  facility: FacilityRecord | undefined,
  obs: OccupancyRecord | undefined,
  observedAt: Date,
  flags: Set<QualityFlag>,
): Parking {
  const capacity = obs?.capacity ?? facility?.capacity ?? null;
  let free = obs?.free ?? null;
  if (free === null && obs?.occupied !== undefined && capacity !== null && capacity >= obs.occupied) {
    free = capacity - obs.occupied;
  }
  if (free !== null && free < 0) {
    flags.add(QualityFlag.FreeNegativeRejected);
    free = null;
  }
  if (free !== null && capacity !== null && free > capacity) {
    flags.add(QualityFlag.FreeOverCapacityClamped);
    free = capacity;
  }
  const occupied = free !== null && capacity !== null ? capacity - free : (obs?.occupied ?? null);
  const status = obs?.status ?? (free === null ? 'unknown' : free === 0 ? 'full' : 'open');
  if (status === 'closed' && free !== null && free > 0) flags.add(QualityFlag.ClosedWithFree);
  if (!facility?.name) flags.add(QualityFlag.MissingName);
  if (facility?.location === undefined) flags.add(QualityFlag.MissingLocation);
  if (capacity === null) flags.add(QualityFlag.MissingCapacity);
  if (obs === undefined || free === null) flags.add(QualityFlag.NoRealtime);
  const parking: Parking = {
    id,
    source,
    name: facility?.name ?? null,
    kind: facility?.kind ?? 'car-park',
    location: facility?.location ?? null,
    capacity,
    free,
    occupied,
    status,
    trend: 'unknown',
    observedAt: observedAt.toISOString(),
    receivedAt: '',
    stale: false,
    quality: [],
  };
  if (facility?.address !== undefined) parking.address = facility.address;
  if (facility?.disabledCapacity !== undefined || obs?.disabledFree !== undefined) {
    parking.disabled = { capacity: facility?.disabledCapacity ?? null, free: obs?.disabledFree ?? null };
  }
  parking.quality = [...flags].sort();
  return parking;
}

/** Adds what needs the previous state: trend, `frozen`, and when the value last changed. */
function withHistory(
  parking: Parking,
  previous: StoredParking | undefined,
  receivedAt: Date,
  frozenAfterMs: number,
): StoredParking {
  const before = previous?.parking;
  const sameFree = before !== undefined && before.free === parking.free;
  const valueSince = sameFree && previous !== undefined ? previous.valueSince : parking.observedAt;
  parking.trend = sameFree ? before.trend : trendBetween(before?.free ?? null, parking.free);
  parking.receivedAt = receivedAt.toISOString();
  const unchangedFor = Date.parse(parking.observedAt) - Date.parse(valueSince);
  if (parking.status === 'open' && parking.free !== null && unchangedFor >= frozenAfterMs) {
    parking.quality = [...parking.quality, QualityFlag.Frozen].sort();
  }
  return { parking, valueSince };
}

function trendBetween(before: number | null, after: number | null): ParkingTrend {
  if (before === null || after === null) return 'unknown';
  if (after < before) return 'filling';
  if (after > before) return 'emptying';
  return 'stable';
}
