import { coordinateSystem, projectedHint, sourcePointToWgs84 } from '../../../common/coordinate-systems.js';
import type { GeoPoint } from '../../../parking/parking.model.js';
import { childrenNamed, descendants, firstChild, firstDescendant, type XmlElement } from '../xml/xml-element.js';
import { parseDecimal, type XmlFieldReader } from '../xml/xml-values.js';

/**
 * Where one DATEX II location element (2.x `Location` / `GroupOfLocations`, v3 `loc:LocationReference`)
 * says it is, as one point. The forms are tried in this order:
 * 1. its display point: 2.x `locationForDisplay`, v3 `coordinatesForDisplay` (latitude/longitude,
 *    which every Location may carry whatever its kind);
 * 2. a Point: `pointByCoordinates/pointCoordinates` (2.x and v3);
 * 3. any coordinates further in: a TPEG point (`tpegPointLocation/point/pointCoordinates`), the ends
 *    of a linear location, the members of a group (`locationContainedInGroup`, itineraries), each
 *    member's own display point;
 * 4. an Area: a TPEG geometric area's `centrePoint`, else a GML polygon or line (`posList`, "lat lon"
 *    pairs in DATEX II) as the mean of its distinct vertices.
 * A location with none of these (a named area, an ALERT-C code alone) has no position.
 */
export function locationPoint(
  location: XmlElement | undefined,
  fields: XmlFieldReader,
  tried: Set<XmlElement> = new Set(),
): GeoPoint | undefined {
  if (location === undefined) return undefined;
  const display = firstChild(location, 'locationForDisplay') ?? firstChild(location, 'coordinatesForDisplay');
  const byCoordinates = firstChild(firstChild(location, 'pointByCoordinates'), 'pointCoordinates');
  const candidates = [
    display,
    byCoordinates,
    firstDescendant(location, 'pointCoordinates'),
    firstDescendant(location, 'locationForDisplay') ?? firstDescendant(location, 'coordinatesForDisplay'),
    firstDescendant(location, 'centrePoint'),
  ];
  for (const candidate of candidates) {
    // The same element is often found more than one way (a display point is also the first one
    // further in, and the record's fallback holds its location's): each is read, and warned of, once.
    if (candidate === undefined || tried.has(candidate)) continue;
    tried.add(candidate);
    const point = coordinates(candidate, fields);
    if (point !== undefined) return point;
  }
  return posListCentre(location, fields, tried);
}

/** The first of `locations` (in the order given: most specific first) that has a position. */
export function firstLocated(
  locations: ReadonlyArray<XmlElement | undefined>,
  fields: XmlFieldReader,
): GeoPoint | undefined {
  const tried = new Set<XmlElement>();
  for (const location of locations) {
    const point = locationPoint(location, fields, tried);
    if (point !== undefined) return point;
  }
  return undefined;
}

/** Each `parkingAccess` of a record (its entrances and exits), for the access's `location`. */
export function accessLocations(record: XmlElement): XmlElement[] {
  return childrenNamed(record, 'parkingAccess').map((access) => firstChild(access, 'location') ?? access);
}

/**
 * A PointCoordinates element: latitude/longitude children. Some producers nest a `pointCoordinates`
 * inside `locationForDisplay`; that is read too.
 */
function coordinates(el: XmlElement | undefined, fields: XmlFieldReader): GeoPoint | undefined {
  if (el === undefined) return undefined;
  const point = fields.point(el, 'latitude', 'longitude');
  if (point !== undefined) return point;
  const nested = firstChild(el, 'pointCoordinates');
  return nested === undefined ? undefined : fields.point(nested, 'latitude', 'longitude');
}

function posListCentre(location: XmlElement, fields: XmlFieldReader, tried: Set<XmlElement>): GeoPoint | undefined {
  const list = descendants(location, 'posList')[0];
  if (list === undefined || tried.has(list)) return undefined;
  tried.add(list);
  const raw = list.text;
  const numbers = raw
    .split(/\s+/)
    .filter((t) => t !== '')
    .map(parseDecimal);
  if (numbers.length < 2 || numbers.length % 2 !== 0 || numbers.some((n) => n === undefined)) {
    fields.warn('INVALID_LOCATION', `posList "${raw.slice(0, 60)}" is not a list of latitude longitude pairs`);
    return undefined;
  }
  const vertices = new Map<string, GeoPoint>();
  for (let i = 0; i < numbers.length; i += 2) {
    const lat = numbers[i]!;
    const lon = numbers[i + 1]!;
    vertices.set(`${lat} ${lon}`, { lat, lon });
  }
  let lat = 0;
  let lon = 0;
  for (const v of vertices.values()) {
    lat += v.lat;
    lon += v.lon;
  }
  // The mean vertex in the source's crs (a projected one too: metres average as well), then in WGS84.
  const mean = { lat: round(lat / vertices.size), lon: round(lon / vertices.size) };
  const centre = sourcePointToWgs84(mean.lat, mean.lon);
  if (centre === undefined || Math.abs(centre.lat) > 90 || Math.abs(centre.lon) > 180) {
    const system = coordinateSystem() ?? 'WGS84';
    fields.warn(
      'INVALID_LOCATION',
      `posList "${raw.slice(0, 60)}" is not a ${system} position${projectedHint(mean.lat, mean.lon)}`,
    );
    return undefined;
  }
  return centre;
}

/** Sums of decimals carry binary noise (48.1 + 48.1 ...): 1e-9 degrees is well under a millimetre. */
function round(value: number): number {
  return Math.round(value * 1e9) / 1e9;
}
