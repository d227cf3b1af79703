import type {
  FacilityRecord,
  OccupancyRecord,
  Parking,
  ParkingParseResult,
  ParkingTrend,
  ParseWarning,
} from './parking.model.js';
import { estimateClockSkewMs } from './clock-skew.js';
import { checkOpeningHours } from './opening-hours.js';
import { addDetails, countPair } from './parking-details.js';
import { QualityFlag } from './quality-flags.js';
import { MAX_AHEAD_MS, RecordBounds } from './record-bounds.js';
import { isParkingStale, type TimestampMeaning } from './served-freshness.js';
import type { StoredParking } from './stored-parking.js';
import { decodeMoves, encodeMoves, recordMove, usuallyUnchangedBetween } from './usual-moves.js';

export interface NormalizeInput {
  sourceId: string;
  parsed: ParkingParseResult;
  /** Reference facilities from the source's `static:` feed, when it has one. */
  reference?: FacilityRecord[];
  receivedAt: Date;
  previous: Map<string, StoredParking>;
  frozenAfterMs: number;
  /** HUB_HISTORY_RETENTION: older observations are flagged (and kept out of history). Absent: no lower bound. */
  historyRetentionMs?: number;
  /**
   * The source's staleness limit: a car park whose own time is older when it arrives is written
   * (and pushed live) `stale: true`, as REST serves it. Absent: written `stale: false`.
   */
  staleAfterMs?: number;
  timestamps?: TimestampMeaning;
  /** The response's HTTP `Date` minus the hub's clock, when the fetch had one (clock-skew.ts). */
  dateHeaderSkewMs?: number;
}

export interface NormalizeOutput {
  parkings: StoredParking[];
  clockSkewMs: number;
  /** What the normaliser refused or chose (values out of range, times out of range, repeated ids). */
  warnings: ParseWarning[];
}

/**
 * Builds canonical, validated Parking objects from one poll's records. Pure. Whatever adapter
 * read them, the records meet the same rules here: numbers bounded (RecordBounds), opening hours in
 * OpenStreetMap syntax (opening-hours.ts), one clock-skew
 * estimate per feed and poll, observation times within [received - retention, received + 1 day],
 * and of two records with one id the latest wins.
 */
export function normalizeParkings(input: NormalizeInput): NormalizeOutput {
  const bounds = new RecordBounds();
  const duplicated = new Set<string>();
  const facilities = mergeFacilities(
    checkOpeningHours(bounds.facilities(input.reference ?? []), bounds.warnings),
    checkOpeningHours(bounds.facilities(input.parsed.facilities), bounds.warnings),
    duplicated,
  );
  const observations = bounds.observations(input.parsed.observations);
  const latest = latestObservations(observations, duplicated);
  const clockSkewMs = estimateClockSkewMs(
    observations,
    input.parsed.publishedAt,
    input.receivedAt,
    input.dateHeaderSkewMs,
  );
  const window = timeWindow(input);
  const warnings = bounds.warnings;
  const ids = new Set(facilities.keys());
  for (const localId of latest.keys()) ids.add(localId);
  const times = new IsoTimes(input.receivedAt);
  const parkings: StoredParking[] = [];
  for (const localId of ids) {
    const id = `${input.sourceId}:${localId}`;
    const flags: QualityFlag[] = [];
    if (duplicated.has(localId)) flags.push(QualityFlag.Duplicate);
    if (bounds.flagged.has(localId)) flags.push(QualityFlag.ValueOutOfRange);
    if (clockSkewMs > 0) flags.push(QualityFlag.ClockSkew);
    const observation = latest.get(localId);
    let observedMs = observationTime(observation, input, clockSkewMs);
    if (!(observedMs >= window.from && observedMs <= window.to)) {
      flags.push(QualityFlag.ObservedAtOutOfRange);
      warnings.push(timeWarning(localId, observedMs, window));
      // Live state must not say a value was seen in 2999: it was seen when it arrived. An old
      // time is kept: it is true, and the value is served stale.
      if (!(observedMs < window.from)) observedMs = window.now;
    }
    const parking = buildParking(
      id,
      input.sourceId,
      facilities.get(localId),
      observation,
      times.iso(observedMs),
      flags,
    );
    if (input.staleAfterMs !== undefined) {
      // Just polled: with `timestamps: change` its source is not stale, so neither is the car park.
      parking.stale = isParkingStale({
        observedMs,
        sourceStale: false,
        staleAfterMs: input.staleAfterMs,
        timestamps: input.timestamps ?? 'observation',
        nowMs: window.now,
      });
    }
    parkings.push(withHistory(parking, observedMs, input.previous.get(id), times, input.frozenAfterMs));
  }
  for (const localId of duplicated) {
    warnings.push({
      code: 'DUPLICATE_ID',
      message: `id ${localId} appears more than once; the latest wins`,
      ref: localId,
    });
  }
  return { parkings, clockSkewMs, warnings };
}

interface TimeWindow {
  now: number;
  from: number;
  to: number;
}

function timeWindow(input: NormalizeInput): TimeWindow {
  const now = input.receivedAt.getTime();
  const retention = input.historyRetentionMs;
  return { now, from: retention === undefined ? Number.NEGATIVE_INFINITY : now - retention, to: now + MAX_AHEAD_MS };
}

function timeWarning(localId: string, observedMs: number, window: TimeWindow): ParseWarning {
  const shown = Number.isFinite(observedMs) ? new Date(observedMs).toISOString() : String(observedMs);
  const why =
    observedMs > window.to ? 'more than a day ahead; served with the receive time' : 'older than the history retention';
  return {
    code: 'OBSERVED_AT_OUT_OF_RANGE',
    message: `observed at ${shown}: ${why}; not written to history`,
    ref: localId,
  };
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

/** Reference, then realtime fields (the later defined value wins); an id twice in one list is a duplicate. */
function mergeFacilities(
  reference: FacilityRecord[],
  realtime: FacilityRecord[],
  duplicated: Set<string>,
): Map<string, FacilityRecord> {
  const byId = new Map<string, FacilityRecord>();
  for (const list of [reference, realtime]) {
    const seen = new Set<string>();
    for (const f of list) {
      if (seen.has(f.localId)) duplicated.add(f.localId);
      else seen.add(f.localId);
      const before = byId.get(f.localId);
      byId.set(f.localId, before === undefined ? f : { ...before, ...definedOnly(f) });
    }
  }
  return byId;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The latest observation per id (on equal times, the one later in the payload). */
function latestObservations(observations: OccupancyRecord[], duplicated: Set<string>): Map<string, OccupancyRecord> {
  const latest = new Map<string, OccupancyRecord>();
  for (const o of observations) {
    const before = latest.get(o.localId);
    if (before !== undefined) duplicated.add(o.localId);
    if (before === undefined || (o.observedAt?.getTime() ?? 0) >= (before.observedAt?.getTime() ?? 0)) {
      latest.set(o.localId, o);
    }
  }
  return latest;
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
  const disabled = countPair(facility?.disabledCapacity, obs?.disabledFree, facility?.disabledPresent);
  if (disabled !== undefined) parking.disabled = disabled;
  addDetails(parking, facility, obs);
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
  // The hours its count moves in: a change (not the first reading) marks this hour of the week.
  // Unchanged, the stored string is passed on as it is: decoded only to judge `frozen`.
  const moved = before !== undefined && !sameFree && before.free !== null && parking.free !== null;
  const moves = moved ? encodeMoves(recordMove(decodeMoves(previous?.moves), observedMs)) : previous?.moves;
  const sinceMs = times.ms(valueSince);
  const unchangedLong = parking.status === 'open' && parking.free !== null && observedMs - sinceMs >= frozenAfterMs;
  // Once flagged, it stays flagged until the count moves (weeks of a dead sensor never become "usual").
  const wasFrozen = sameFree && before.quality.includes(QualityFlag.Frozen);
  if (unchangedLong && (wasFrozen || !usuallyUnchangedBetween(decodeMoves(moves), sinceMs, observedMs))) {
    parking.quality = [...parking.quality, QualityFlag.Frozen].sort();
  }
  const stored: StoredParking = { parking, valueSince };
  if (moves !== undefined) stored.moves = moves;
  return stored;
}

function trendBetween(before: number | null, after: number | null): ParkingTrend {
  if (before === null || after === null) return 'unknown';
  if (after < before) return 'filling';
  if (after > before) return 'emptying';
  return 'stable';
}
