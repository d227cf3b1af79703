import type { FacilityRecord, OccupancyRecord, ParseWarning } from './parking.model.js';

/**
 * The largest count of places the hub accepts. The biggest car parks hold a few tens of
 * thousands; the history columns are 32-bit integers. A count past this (1e300 from a broken
 * exporter) or not a finite integer is refused.
 */
export const MAX_COUNT = 1_000_000;

/** Observations further ahead than this (after the clock-skew correction) are not believed. */
export const MAX_AHEAD_MS = 86_400_000;

const isCount = (v: number): boolean => Number.isInteger(v) && v >= 0 && v <= MAX_COUNT;
/** free may be negative here: the normaliser rejects a negative free with its own flag. */
const isSignedCount = (v: number): boolean => Number.isInteger(v) && Math.abs(v) <= MAX_COUNT;

type FacilityCount = 'capacity' | 'disabledCapacity' | 'evChargingCapacity' | 'maxHeightCm' | 'maxStayMinutes';
type ObservationCount = 'occupied' | 'capacity' | 'disabledFree' | 'evChargingFree';

/**
 * Bounds every number of the records of one poll, whatever adapter read them: a value out of
 * range is dropped from its record (the rest of the record stays) with a VALUE_OUT_OF_RANGE
 * warning, and the record's id is remembered so its Parking gets the `value-out-of-range` flag.
 * Records are copied only when something is dropped. Pure.
 */
export class RecordBounds {
  readonly warnings: ParseWarning[] = [];
  readonly flagged = new Set<string>();

  facilities(list: FacilityRecord[]): FacilityRecord[] {
    let out: FacilityRecord[] | undefined;
    for (let i = 0; i < list.length; i++) {
      const bounded = this.facility(list[i]);
      if (bounded !== list[i]) (out ??= list.slice())[i] = bounded;
    }
    return out ?? list;
  }

  observations(list: OccupancyRecord[]): OccupancyRecord[] {
    let out: OccupancyRecord[] | undefined;
    for (let i = 0; i < list.length; i++) {
      const bounded = this.observation(list[i]);
      if (bounded !== list[i]) (out ??= list.slice())[i] = bounded;
    }
    return out ?? list;
  }

  private facility(f: FacilityRecord): FacilityRecord {
    let out: FacilityRecord | undefined;
    for (const key of [
      'capacity',
      'disabledCapacity',
      'evChargingCapacity',
      'maxHeightCm',
      'maxStayMinutes',
    ] as const satisfies FacilityCount[]) {
      const v = f[key];
      if (v !== undefined && !isCount(v)) {
        out ??= { ...f };
        delete out[key];
        this.refuse(f.localId, key, v);
      }
    }
    const restricted = this.counts(f.localId, 'restrictedCapacity', f.restrictedCapacity);
    if (restricted !== f.restrictedCapacity) {
      out ??= { ...f };
      out.restrictedCapacity = restricted;
      if (restricted === undefined) delete out.restrictedCapacity;
    }
    const at = f.location;
    if (at !== undefined && !isPoint(at.lat, at.lon)) {
      out ??= { ...f };
      delete out.location;
      this.refuse(f.localId, 'location', `${at.lat},${at.lon}`);
    }
    return out ?? f;
  }

  private observation(o: OccupancyRecord): OccupancyRecord {
    let out: OccupancyRecord | undefined;
    if (typeof o.free === 'number' && !isSignedCount(o.free)) {
      out = { ...o };
      delete out.free;
      this.refuse(o.localId, 'free', o.free);
    }
    for (const key of [
      'occupied',
      'capacity',
      'disabledFree',
      'evChargingFree',
    ] as const satisfies ObservationCount[]) {
      const v = o[key];
      if (v !== undefined && !isCount(v)) {
        out ??= { ...o };
        delete out[key];
        this.refuse(o.localId, key, v);
      }
    }
    const restricted = this.counts(o.localId, 'restrictedFree', o.restrictedFree);
    if (restricted !== o.restrictedFree) {
      out ??= { ...o };
      out.restrictedFree = restricted;
      if (restricted === undefined) delete out.restrictedFree;
    }
    return out ?? o;
  }

  /** Counts by kind (restricted spaces): the same object when all are counts, else a copy without the others. */
  private counts<K extends string>(
    localId: string,
    field: string,
    byKind: Partial<Record<K, number>> | undefined,
  ): Partial<Record<K, number>> | undefined {
    if (byKind === undefined) return undefined;
    let valid = true;
    for (const kind in byKind) {
      const v = byKind[kind];
      if (v !== undefined && !isCount(v)) valid = false;
    }
    if (valid) return byKind;
    const kept: Partial<Record<K, number>> = {};
    let any = false;
    for (const kind in byKind) {
      const v = byKind[kind];
      if (v === undefined) continue;
      if (isCount(v)) {
        kept[kind] = v;
        any = true;
      } else this.refuse(localId, `${field}.${kind}`, v);
    }
    return any ? kept : undefined;
  }

  private refuse(localId: string, field: string, value: number | string): void {
    this.flagged.add(localId);
    const shown = typeof value === 'number' ? String(value) : value;
    this.warnings.push({
      code: 'VALUE_OUT_OF_RANGE',
      message: `${field} ${shown.slice(0, 40)} is out of range (counts: whole numbers 0..${MAX_COUNT}); ignored`,
      ref: localId,
    });
  }
}

function isPoint(lat: number, lon: number): boolean {
  return Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180;
}
