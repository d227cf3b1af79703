import type { GeoPoint } from '../../../parking/parking.model.js';
import { wallTimeInCurrentZone } from '../../../common/wall-time.js';
import { sourcePointToWgs84 } from '../../../common/coordinate-systems.js';
import { isRecord } from './dot-path.util.js';

/**
 * Decimal numbers use a dot. "12,5" is rejected on purpose: in operator feeds a comma is as
 * often a thousands separator as a decimal one, and guessing wrong corrupts a count silently.
 */
const NUMERIC_STRING = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** A finite number from a JSON number or a numeric string; anything else is undefined. */
export function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return NUMERIC_STRING.test(trimmed) ? Number(trimmed) : undefined;
}

/** A non-negative integer (places are counted, not measured). */
export function toCount(value: unknown): number | undefined {
  const n = toNumber(value);
  return n !== undefined && Number.isInteger(n) && n >= 0 ? n : undefined;
}

/**
 * A whole number of places as the operator sent it, negative included: how adapters read counts,
 * so that the pipeline refuses a negative one with its own flag (`free-negative-rejected`,
 * `value-out-of-range`) instead of the count vanishing as if it had not been sent.
 */
export function toWholeNumber(value: unknown): number | undefined {
  const n = toNumber(value);
  return n !== undefined && Number.isInteger(n) ? n : undefined;
}

/** Ids may be strings or numbers in JSON; both become a trimmed, non-empty string. */
export function toId(value: unknown): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

export function toText(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** Below this an epoch number is read as seconds: 1e11 s is the year 5138, 1e11 ms is 1973. */
const EPOCH_MS_THRESHOLD = 1e11;
const ISO_DATE_TIME = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * ISO 8601 strings, or epoch seconds / milliseconds (numbers or digit strings), told apart by
 * magnitude. An ISO date (or date-time) without an offset is read in the source's `timeZone`
 * (common/wall-time.ts), UTC without one, never in the server's local time.
 */
export function toDate(value: unknown): Date | undefined {
  const epoch = typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;
  if (typeof epoch === 'number') return fromEpoch(epoch);
  return typeof value === 'string' ? fromIso(value.trim()) : undefined;
}

function fromEpoch(n: number): Date | undefined {
  if (!Number.isFinite(n) || n < 0) return undefined;
  return validDate(new Date(n >= EPOCH_MS_THRESHOLD ? n : n * 1000));
}

function fromIso(text: string): Date | undefined {
  const match = ISO_DATE_TIME.exec(text);
  if (!match) return undefined;
  const [, date, time, zone] = match;
  const read = validDate(new Date(`${date}T${time ?? '00:00:00'}${normaliseZone(zone)}`));
  if (read === undefined || zone !== undefined) return read;
  return validDate(new Date(wallTimeInCurrentZone(read.getTime())));
}

function normaliseZone(zone: string | undefined): string {
  if (zone === undefined || zone.toUpperCase() === 'Z') return 'Z';
  const digits = zone.slice(1).replace(':', '');
  return `${zone[0]}${digits.slice(0, 2)}:${digits.slice(2) || '00'}`;
}

function validDate(date: Date): Date | undefined {
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * One value holding both coordinates:
 * - `[lat, lon]` array or `"lat,lon"` string (OpenDataSoft v1 geo_point_2d, data-fair _geopoint);
 * - `{ lat, lon | lng | long }` object (ODS v2.1 geo_point_2d, ParkAPI v1 coords);
 * - a GeoJSON Point `{ type: "Point", coordinates: [lon, lat] }`, or another GeoJSON geometry
 *   (Polygon, LineString...) by the mean of its distinct vertices;
 * - a WKT point string `POINT (lon lat)` (GIS exports to CSV).
 * Out-of-range pairs and (0, 0), the usual "no position" placeholder, are rejected.
 */
export function toGeoPoint(value: unknown): GeoPoint | undefined {
  if (Array.isArray(value)) return pointFrom(value[0], value[1]);
  if (typeof value === 'string') return isWktPoint(value) ? wktPoint(value) : fromPairString(value);
  if (!isRecord(value)) return undefined;
  if (typeof value.type === 'string' && Array.isArray(value.coordinates)) return geometryPoint(value);
  return pointFrom(value.lat, value.lon ?? value.lng ?? value.long);
}

/** A WKT point as GIS exports write it in CSV cells: `POINT (lon lat)`, also `POINT Z (...)` and `SRID=4326;POINT(...)`. */
const WKT_POINT =
  /^\s*(?:SRID=4326;)?POINT\s*(?:Z|M|ZM)?\s*\(\s*([-+]?[\d.eE+-]+)\s+([-+]?[\d.eE+-]+)(?:\s+[-+]?[\d.eE+-]+)*\s*\)\s*$/i;

export function isWktPoint(text: string): boolean {
  return /^\s*(?:SRID=\d+;)?POINT\b/i.test(text);
}

function wktPoint(text: string): GeoPoint | undefined {
  const match = WKT_POINT.exec(text);
  return match ? pointFrom(match[2], match[1]) : undefined;
}

/**
 * A GeoJSON geometry as one point: a Point itself, else the mean of the distinct vertices of a
 * Polygon, MultiPolygon, LineString, MultiPoint... (a car park drawn as its outline).
 */
export function geometryPoint(value: unknown): GeoPoint | undefined {
  if (!isRecord(value) || !Array.isArray(value.coordinates)) return undefined;
  if (value.type === 'Point') return pointFrom(value.coordinates[1], value.coordinates[0]);
  const vertices = new Map<string, [number, number]>();
  collectPositions(value.coordinates, vertices);
  if (vertices.size === 0) return undefined;
  let lon = 0;
  let lat = 0;
  for (const [x, y] of vertices.values()) {
    lon += x;
    lat += y;
  }
  return pointFrom(roundDegrees(lat / vertices.size), roundDegrees(lon / vertices.size));
}

function collectPositions(coordinates: unknown[], into: Map<string, [number, number]>): void {
  if (coordinates.length >= 2 && typeof coordinates[0] === 'number' && typeof coordinates[1] === 'number') {
    into.set(`${coordinates[0]} ${coordinates[1]}`, [coordinates[0], coordinates[1]]);
    return;
  }
  for (const c of coordinates) if (Array.isArray(c)) collectPositions(c, into);
}

/** 1e-9 degrees (under a millimetre): the mean's binary noise is not served. */
function roundDegrees(value: number): number {
  return Math.round(value * 1e9) / 1e9;
}

function fromPairString(text: string): GeoPoint | undefined {
  const parts = text.replace(/^\s*\[|\]\s*$/g, '').split(',');
  return parts.length === 2 ? pointFrom(parts[0], parts[1]) : undefined;
}

/**
 * Builds a point from separate latitude and longitude values, in the source's `crs` when it has one
 * (common/coordinate-systems.ts: the latitude value is then the northing, the longitude the easting).
 */
export function pointFrom(latValue: unknown, lonValue: unknown): GeoPoint | undefined {
  const lat = toNumber(latValue);
  const lon = toNumber(lonValue);
  if (lat === undefined || lon === undefined) return undefined;
  if (lat === 0 && lon === 0) return undefined;
  const point = sourcePointToWgs84(lat, lon);
  if (point === undefined || Math.abs(point.lat) > 90 || Math.abs(point.lon) > 180) return undefined;
  return point;
}

/** true for a value that carries nothing: absent, null or blank text. */
export function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}
