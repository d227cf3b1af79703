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
  const ids = new Set(facilities.keys());
  for (const localId of latest.keys()) ids.add(localId);
  const times = new IsoTimes(input.receivedAt);
  const parkings: StoredParking[] = [];
  for (const localId of ids) {
    const id = `${input.sourceId}:${localId}`;
    const flags: QualityFlag[] = [];
    if (duplicated.has(localId)) flags.push(QualityFlag.Duplicate);
    if (clockSkewMs > 0) flags.push(QualityFlag.ClockSkew);
    const observation = latest.get(localId);
    const observedMs = observationTime(observation, input, clockSkewMs);
    const parking = buildParking(
      id,
      input.sourceId,
      facilities.get(localId),
      observation,
      times.iso(observedMs),
      flags,
    );
    parkings.push(withHistory(parking, observedMs, input.previous.get(id), times, input.frozenAfterMs));
  }
  return { parkings, clockSkewMs };
}

/**
 * ISO strings of the poll's instants. A snapshot usually shares one observation time (or a few),
 * so each is formatted and parsed once per poll instead of once per facility.
 */
class IsoTimes {
  readonly received: string;
  private readonly formatted = new Map<number, string>();
  private readonly parsed = new Map<string, number>();

  constructor(receivedAt: Date) {
    this.received = receivedAt.toISOString();
  }

  iso(ms: number): string {
    let text = this.formatted.get(ms);
    if (text === undefined) {
      text = new Date(ms).toISOString();
      this.formatted.set(ms, text);
    }
    return text;
  }

  ms(iso: string): number {
    let value = this.parsed.get(iso);
    if (value === undefined) {
      value = Date.parse(iso);
      this.parsed.set(iso, value);
    }
    return value;
  }
}

function mergeFacilities(reference: FacilityRecord[], realtime: FacilityRecord[]): Map<string, FacilityRecord> {
  const byId = new Map<string, FacilityRecord>();
  for (const list of [reference, realtime]) {
    for (const f of list) {
      const before = byId.get(f.localId);
      byId.set(f.localId, before === undefined ? f : { ...before, ...definedOnly(f) });
    }
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

/** Epoch ms of the observation: the stated time corrected for skew, else the receive time. */
function observationTime(o: OccupancyRecord | undefined, input: NormalizeInput, skewMs: number): number {
  const stated = o?.observedAt ?? input.parsed.publishedAt;
  if (stated === undefined) return input.receivedAt.getTime();
  return stated.getTime() - skewMs;
}

function buildParking(
  id: string,
  source: string,
  facility: FacilityRecord | undefined,
  obs: OccupancyRecord | undefined,
  observedAt: string,
  flags: QualityFlag[],
): Parking {
  const capacity = obs?.capacity ?? facility?.capacity ?? null;
  let free = obs?.free ?? null;
  if (free === null && obs?.occupied !== undefined && capacity !== null && capacity >= obs.occupied) {
    free = capacity - obs.occupied;
  }
  if (free !== null && free < 0) {
    flags.push(QualityFlag.FreeNegativeRejected);
    free = null;
  }
  if (free !== null && capacity !== null && free > capacity) {
    flags.push(QualityFlag.FreeOverCapacityClamped);
    free = capacity;
  }
  const occupied = free !== null && capacity !== null ? capacity - free : (obs?.occupied ?? null);
  const status = obs?.status ?? (free === null ? 'unknown' : free === 0 ? 'full' : 'open');
  if (status === 'closed' && free !== null && free > 0) flags.push(QualityFlag.ClosedWithFree);
  if (!facility?.name) flags.push(QualityFlag.MissingName);
  if (facility?.location === undefined) flags.push(QualityFlag.MissingLocation);
  if (capacity === null) flags.push(QualityFlag.MissingCapacity);
  if (obs === undefined || free === null) flags.push(QualityFlag.NoRealtime);
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
    observedAt,
    receivedAt: '',
    stale: false,
    quality: [],
  };
  if (facility?.address !== undefined) parking.address = facility.address;
  if (facility?.disabledCapacity !== undefined || obs?.disabledFree !== undefined) {
    parking.disabled = { capacity: facility?.disabledCapacity ?? null, free: obs?.disabledFree ?? null };
  }
  // Each flag is pushed at most once, so the array is the set; sorted for a stable comparison.
  parking.quality = flags.sort();
  return parking;
}

/** Adds what needs the previous state: trend, `frozen`, and when the value last changed. */
function withHistory(
  parking: Parking,
  observedMs: number,
  previous: StoredParking | undefined,
  times: IsoTimes,
  frozenAfterMs: number,
): StoredParking {
  const before = previous?.parking;
  const sameFree = before !== undefined && before.free === parking.free;
  const valueSince = sameFree && previous !== undefined ? previous.valueSince : parking.observedAt;
  parking.trend = sameFree ? before.trend : trendBetween(before?.free ?? null, parking.free);
  parking.receivedAt = times.received;
  if (parking.status === 'open' && parking.free !== null && observedMs - times.ms(valueSince) >= frozenAfterMs) {
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
