import { isoDurationMinutes } from '../../../common/iso-duration.js';
import type { MappingPriceKey, MappingRestrictedKey } from '../../../config/source-config.js';
import {
  TRANSIT_MODES,
  WHEELCHAIR_ACCESS,
  type GeoPoint,
  type ParkingKind,
  type ParkingStatus,
  type TransitMode,
  type WheelchairAccess,
} from '../../../parking/parking.model.js';
import { kindFromText } from '../shared-json/kind.mapper.js';
import { getPath } from '../shared-json/dot-path.util.js';
import type { StatusMapper } from '../shared-json/status.mapper.js';
import {
  isBlank,
  isWktPoint,
  pointFrom,
  toDate,
  toGeoPoint,
  toNumber,
  toText,
  toWholeNumber,
} from '../shared-json/value-coercion.util.js';
import type { WarningSink } from '../shared-json/warning-sink.util.js';
import type { FieldPaths, MappingUnits } from './field-paths.js';

type Item = Record<string, unknown>;
type CountKey =
  | 'capacity'
  | 'free'
  | 'occupied'
  | 'disabledCapacity'
  | 'disabledFree'
  | 'evChargingCapacity'
  | 'evChargingFree'
  | MappingRestrictedKey;
type TextKey = 'name' | 'address' | 'openingHours' | 'feeDescription' | 'operatorName';

const YES = new Set(['true', 'yes', '1', 'oui']);
const NO = new Set(['false', 'no', '0', 'non']);
const OSM_ID = /^(?:(?:node|way|relation)\/)?\d+$/;
const MODE_SEPARATORS = /[\s,;/|]+/;

/**
 * Reads one canonical value at a time from a JSON record through the FieldPaths. A value that is
 * present but unreadable becomes undefined plus a warning (once per field and raw value).
 */
export class RecordFieldReader {
  constructor(
    private readonly paths: FieldPaths,
    private readonly statusOf: StatusMapper,
    private readonly sink: WarningSink,
    private readonly units: MappingUnits = { heightUnit: 'cm' },
  ) {}

  text(item: Item, key: TextKey): string | undefined {
    const value = this.first(item, this.paths[key]);
    return typeof value === 'number' ? String(value) : toText(value);
  }

  /** true / false, yes / no, 1 / 0, oui / non (any case; JSON booleans and numbers too). */
  flag(
    item: Item,
    key: 'feeHasFee' | 'parkAndRide' | 'evCharging' | 'disabledPlaces',
    localId: string,
  ): boolean | undefined {
    const raw = this.first(item, this.paths[key]);
    if (raw === undefined) return undefined;
    const flag = toFlag(raw);
    if (flag === undefined) this.invalid(key, raw, localId);
    return flag;
  }

  /** yes / no / limited, or a yes / no flag as `flag` reads it. */
  wheelchair(item: Item, localId: string): WheelchairAccess | undefined {
    const raw = this.first(item, this.paths.wheelchair);
    if (raw === undefined) return undefined;
    const word = typeof raw === 'string' ? raw.trim().toLowerCase() : undefined;
    const flag = toFlag(raw);
    const access = WHEELCHAIR_ACCESS.find((a) => a === word) ?? (flag === undefined ? undefined : flag ? 'yes' : 'no');
    if (access === undefined) this.invalid('wheelchair', raw, localId);
    return access;
  }

  /** The maximum vehicle height in whole centimetres, from a positive number in `maxHeightUnit`. */
  maxHeightCm(item: Item, localId: string): number | undefined {
    const raw = this.first(item, this.paths.maxHeight);
    if (raw === undefined) return undefined;
    const n = toNumber(raw);
    const cm = n !== undefined && n > 0 ? Math.round(this.units.heightUnit === 'm' ? n * 100 : n) : undefined;
    if (cm === undefined || cm === 0) {
      this.invalid('maxHeight', raw, localId);
      return undefined;
    }
    return cm;
  }

  /** The longest stay allowed, in minutes: a whole number of minutes above 0, or an ISO 8601 duration (`PT2H`). */
  maxStayMinutes(item: Item, localId: string): number | undefined {
    const raw = this.first(item, this.paths.maxStay);
    if (raw === undefined) return undefined;
    const n = toNumber(raw);
    const minutes = n === undefined ? isoDurationMinutes(raw) : Number.isInteger(n) && n > 0 ? n : undefined;
    if (minutes === undefined) this.invalid('maxStay', raw, localId);
    return minutes;
  }

  /** The price of the key's parking time: a number 0 or more, in `priceCurrency` (checked at load). */
  price(item: Item, key: MappingPriceKey, localId: string): { amount: number; currency: string } | undefined {
    const raw = this.first(item, this.paths[key]);
    const currency = this.units.currency;
    if (raw === undefined || currency === undefined) return undefined;
    const amount = toNumber(raw);
    if (amount === undefined || amount < 0) {
      this.invalid(key, raw, localId);
      return undefined;
    }
    return { amount, currency };
  }

  /**
   * `train`, `bus`, `tram` (any case): a JSON array of them or a text list (comma, semicolon,
   * slash, bar or space), each once, in TRANSIT_MODES order. Any other word drops the value.
   */
  transitModes(item: Item, localId: string): TransitMode[] | undefined {
    const raw = this.first(item, this.paths.publicTransportModes);
    if (raw === undefined) return undefined;
    const words = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(MODE_SEPARATORS) : [raw];
    const named = words.map((w) => (typeof w === 'string' ? w.trim().toLowerCase() : w)).filter((w) => w !== '');
    const known = new Set<string>(TRANSIT_MODES);
    if (named.length === 0 || !named.every((w) => typeof w === 'string' && known.has(w))) {
      this.invalid('publicTransportModes', raw, localId);
      return undefined;
    }
    return TRANSIT_MODES.filter((mode) => named.includes(mode));
  }

  /** An http(s) address. */
  link(item: Item, key: 'url' | 'feeUrl', localId: string): string | undefined {
    const raw = this.first(item, this.paths[key]);
    if (raw === undefined) return undefined;
    const text = toText(raw);
    const url = text !== undefined && isHttpUrl(text) ? text : undefined;
    if (url === undefined) this.invalid(key, raw, localId);
    return url;
  }

  /** `node/1`, `way/2`, `relation/3` or a bare element number. */
  osmId(item: Item, localId: string): string | undefined {
    const raw = this.first(item, this.paths.osmId);
    if (raw === undefined) return undefined;
    const text = typeof raw === 'number' && Number.isInteger(raw) && raw > 0 ? String(raw) : toText(raw);
    const id = text !== undefined && OSM_ID.test(text) ? text : undefined;
    if (id === undefined) this.invalid('osmId', raw, localId);
    return id;
  }

  count(item: Item, key: CountKey, localId: string): number | undefined {
    const raw = this.first(item, this.paths[key]);
    if (raw === undefined) return undefined;
    // Negative counts are passed on: the pipeline refuses them with their own flag.
    const count = toWholeNumber(raw);
    if (count === undefined) this.invalid(key, raw, localId);
    return count;
  }

  /** A number, or null when a free path holds an explicit JSON null (the operator says "unknown"). */
  free(item: Item, localId: string): number | null | undefined {
    const count = this.count(item, 'free', localId);
    if (count !== undefined) return count;
    return this.paths.free.some((path) => getPath(item, path) === null) ? null : undefined;
  }

  status(item: Item): { status: ParkingStatus; declaredUnknown: boolean } | undefined {
    const raw = this.first(item, this.paths.status);
    if (raw === undefined) return undefined;
    const mapped = this.statusOf(raw);
    if (mapped.unmapped) {
      const shown = shownValue(raw);
      this.sink.once(`UNKNOWN_STATUS:${shown}`, {
        code: 'UNKNOWN_STATUS',
        message: `status value ${shown} is not mapped (statusValues); read as unknown`,
      });
    }
    return mapped;
  }

  kind(item: Item): ParkingKind | undefined {
    return kindFromText(this.first(item, this.paths.kind));
  }

  observedAt(item: Item, localId: string): Date | undefined {
    const raw = this.first(item, this.paths.observedAt);
    if (raw === undefined) return undefined;
    const date = toDate(raw);
    if (date === undefined) this.invalid('observedAt', raw, localId);
    return date;
  }

  /** Separate lat/lon values, or one value holding both (from `lat` itself or a `location` path). */
  location(item: Item, localId: string): GeoPoint | undefined {
    const lat = this.first(item, this.paths.lat);
    const raw = lat ?? this.first(item, this.paths.location);
    if (raw === undefined) return undefined;
    const point =
      lat !== undefined && isScalar(lat) ? pointFrom(lat, this.first(item, this.paths.lon)) : toGeoPoint(raw);
    if (point === undefined) this.invalid('location', raw, localId);
    return point;
  }

  /** The first candidate path holding a non-blank value. */
  private first(item: Item, paths: readonly string[]): unknown {
    for (const path of paths) {
      const value = getPath(item, path);
      if (!isBlank(value)) return value;
    }
    return undefined;
  }

  private invalid(key: string, raw: unknown, localId: string): void {
    const shown = shownValue(raw);
    this.sink.once(`INVALID_VALUE:${key}:${shown}`, {
      code: 'INVALID_VALUE',
      message: `${key} value ${shown.slice(0, 80)} cannot be read; ignored`,
      ref: localId,
    });
  }
}

/**
 * A raw value as a warning shows it: its JSON, or, for a value nested too deep to serialise
 * (`[[[[...]]]]` 50,000 levels down overflows the stack), a description, so a hostile value is
 * a warning on its record instead of an uncoded failure of the whole poll.
 */
function shownValue(raw: unknown): string {
  try {
    return JSON.stringify(raw) ?? String(raw);
  } catch {
    return Array.isArray(raw) ? 'an array nested too deep to show' : 'an object nested too deep to show';
  }
}

/** A yes / no value: JSON booleans, 1 / 0, true / false, yes / no, oui / non (any case); undefined for anything else. */
export function toFlag(raw: unknown): boolean | undefined {
  if (typeof raw === 'boolean') return raw;
  const word = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim().toLowerCase() : undefined;
  if (word === undefined) return undefined;
  if (YES.has(word)) return true;
  return NO.has(word) ? false : undefined;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** A lone latitude: a number, or text that is neither a "lat,lon" pair nor a WKT point. */
function isScalar(value: unknown): boolean {
  return typeof value === 'number' || (typeof value === 'string' && !value.includes(',') && !isWktPoint(value));
}
