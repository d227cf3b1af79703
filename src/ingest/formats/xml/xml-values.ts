import type { GeoPoint, ParseWarning } from '../../../parking/parking.model.js';
import { coordinateSystem, projectedHint, sourcePointToWgs84 } from '../../../common/coordinate-systems.js';
import { wallTimeInCurrentZone } from '../../../common/wall-time.js';
import { childText, type XmlElement } from './xml-element.js';

/** A non-negative whole number ("12"); anything else (e.g. "12.5", "-1", "n/a") is undefined. */
export function parseCount(raw: string): number | undefined {
  const text = raw.trim();
  if (!/^\+?\d{1,9}$/.test(text)) return undefined;
  return Number(text);
}

/**
 * A whole number with an optional sign ("-3"): how counts are read, so that the pipeline refuses a
 * negative one with its own flag (`free-negative-rejected`, `value-out-of-range`).
 */
export function parseWholeNumber(raw: string): number | undefined {
  const text = raw.trim();
  if (!/^[+-]?\d{1,9}$/.test(text)) return undefined;
  return Number(text);
}

export function parseDecimal(raw: string): number | undefined {
  const text = raw.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * xs:dateTime → Date. Fractions beyond milliseconds are cut ("58.5461534" is legal XML).
 * A time without an offset is read in the source's `timeZone` (common/wall-time.ts), UTC
 * without one, so the result never depends on the server's zone.
 */
export function parseXmlDateTime(raw: string): Date | undefined {
  const m = DATE_TIME.exec(raw.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const millis = (frac ?? '').padEnd(3, '0').slice(0, 3);
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s}.${millis}${zone ?? 'Z'}`;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return undefined;
  // Date rolls 2024-02-30 over into March; refuse instead.
  const check = new Date(`${y}-${mo}-${d}T00:00:00Z`);
  if (check.getUTCDate() !== Number(d) || check.getUTCMonth() + 1 !== Number(mo)) return undefined;
  return zone === undefined ? new Date(wallTimeInCurrentZone(date.getTime())) : date;
}

/**
 * Reads typed fields of one record, turning bad values into warnings (never exceptions):
 * the field is then left out and the rest of the record still counts.
 */
export class XmlFieldReader {
  constructor(
    private readonly warnings: ParseWarning[],
    private readonly ref: string,
  ) {}

  count(parent: XmlElement | undefined, name: string): number | undefined {
    const raw = childText(parent, name);
    return raw === undefined ? undefined : this.countValue(name, raw);
  }

  /**
   * For counts found by a deeper search than one child step; `label` names the field in the warning.
   * A negative count is returned as it is: the pipeline refuses it and flags the record.
   */
  countValue(label: string, raw: string): number | undefined {
    const value = parseWholeNumber(raw);
    if (value === undefined) this.warn('INVALID_NUMBER', `${label} "${raw}" is not an integer`);
    return value;
  }

  time(parent: XmlElement | undefined, name: string): Date | undefined {
    const raw = childText(parent, name);
    if (raw === undefined) return undefined;
    const value = parseXmlDateTime(raw);
    if (value === undefined) this.warn('INVALID_TIME', `${name} "${raw}" is not an xs:dateTime`);
    return value;
  }

  /**
   * A WGS84 point from sibling latitude/longitude elements (names differ between standards), in the
   * source's `crs` when it has one (common/coordinate-systems.ts).
   */
  point(parent: XmlElement | undefined, latName: string, lonName: string): GeoPoint | undefined {
    const rawLat = childText(parent, latName);
    const rawLon = childText(parent, lonName);
    if (rawLat === undefined && rawLon === undefined) return undefined;
    const lat = parseDecimal(rawLat ?? '');
    const lon = parseDecimal(rawLon ?? '');
    const point = lat === undefined || lon === undefined ? undefined : sourcePointToWgs84(lat, lon);
    if (point === undefined || Math.abs(point.lat) > 90 || Math.abs(point.lon) > 180) {
      this.warn(
        'INVALID_LOCATION',
        `coordinates "${rawLat ?? ''}", "${rawLon ?? ''}" are not a ${coordinateSystem() ?? 'WGS84'} point${projectedHint(lat, lon)}`,
      );
      return undefined;
    }
    return point;
  }

  warn(code: string, message: string): void {
    this.warnings.push({ code, message, ref: this.ref });
  }
}
