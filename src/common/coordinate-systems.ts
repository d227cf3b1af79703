import proj4 from 'proj4';

/**
 * Coordinates a source gives in a projected system (UTM metres and the like): its `crs` says which,
 * and every point an adapter reads goes through `sourcePointToWgs84` before its range check, so one
 * setting covers every format. As `timeZone` (wall-time.ts), the system is set for the length of one
 * synchronous parse (`readingCoordinatesIn`, called by the adapter registry from the parse context):
 * adapters stay pure and need no parameter threaded through each reader.
 *
 * A source's two fields keep their names: what it calls latitude is the northing (y), what it calls
 * longitude the easting (x), as Stuttgart's DATEX II table writes `latitude` 5402496.0 and
 * `longitude` 512788.0. The definitions are the EPSG registry's PROJ strings; the DHDN datum of
 * Gauss-Krüger is shifted with the registry's 7 parameters (about a metre off, no grid).
 */
const DEFINITIONS = {
  'EPSG:4326': undefined,
  'EPSG:25832': '+proj=utm +zone=32 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs',
  'EPSG:25833': '+proj=utm +zone=33 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs',
  'EPSG:2154':
    '+proj=lcc +lat_0=46.5 +lon_0=3 +lat_1=49 +lat_2=44 +x_0=700000 +y_0=6600000 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs',
  'EPSG:3857':
    '+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +no_defs',
  'EPSG:31467':
    '+proj=tmerc +lat_0=0 +lon_0=9 +k=1 +x_0=3500000 +y_0=0 +ellps=bessel +towgs84=598.1,73.7,418.2,0.202,0.045,-2.455,6.7 +units=m +no_defs',
} as const satisfies Record<string, string | undefined>;

export type CoordinateSystem = keyof typeof DEFINITIONS;

/** The codes a source's `crs` may name: WGS84 degrees (the default), UTM 32N / 33N (ETRS89), Lambert-93, Web Mercator, Gauss-Krüger zone 3. */
export const COORDINATE_SYSTEMS = Object.keys(DEFINITIONS) as CoordinateSystem[];

export function isCoordinateSystem(code: string): code is CoordinateSystem {
  return Object.hasOwn(DEFINITIONS, code);
}

const converters = new Map<CoordinateSystem, proj4.Converter>();

function converterFor(crs: CoordinateSystem): proj4.Converter | undefined {
  const definition = DEFINITIONS[crs];
  if (definition === undefined) return undefined;
  let converter = converters.get(crs);
  if (converter === undefined) {
    converter = proj4(definition, 'EPSG:4326');
    converters.set(crs, converter);
  }
  return converter;
}

let current: CoordinateSystem | undefined;

/** The system of the current parse's coordinates; undefined: WGS84 degrees. */
export function coordinateSystem(): CoordinateSystem | undefined {
  return current;
}

/** Runs a synchronous parse whose coordinates are in `crs` (undefined: WGS84 degrees). */
export function readingCoordinatesIn<T>(crs: string | undefined, parse: () => T): T {
  if (crs !== undefined && !isCoordinateSystem(crs)) throw new Error(`unknown coordinate system ${crs}`);
  const outer = current;
  current = crs;
  try {
    return parse();
  } finally {
    current = outer;
  }
}

/** 1e-9 degrees (under a millimetre): a projection's binary noise is not served. */
function roundDegrees(value: number): number {
  return Math.round(value * 1e9) / 1e9;
}

/**
 * A point as the source wrote it (latitude field, longitude field) in WGS84 degrees: unchanged
 * without a system or in EPSG:4326, else projected back (northing = the latitude field, easting =
 * the longitude field). Undefined when the projection gives no finite point; the caller's range
 * check still applies to the result.
 */
export function sourcePointToWgs84(lat: number, lon: number): { lat: number; lon: number } | undefined {
  const converter = current === undefined ? undefined : converterFor(current);
  if (converter === undefined) return { lat, lon };
  try {
    const [x, y] = converter.forward([lon, lat]);
    if (x === undefined || y === undefined || !Number.isFinite(x) || !Number.isFinite(y)) return undefined;
    return { lat: roundDegrees(y), lon: roundDegrees(x) };
  } catch {
    return undefined;
  }
}

/**
 * The end of an INVALID_LOCATION message for a pair read as degrees that is plainly metres (a
 * latitude beyond ±90 and a value of 1000 or more: a latitude of 95 is a slip, 5402496 a northing),
 * naming the setting; empty otherwise, and when the source has a crs.
 */
export function projectedHint(lat: number | undefined, lon: number | undefined): string {
  if (current !== undefined || lat === undefined || Math.abs(lat) <= 90) return '';
  if (Math.max(Math.abs(lat), Math.abs(lon ?? 0)) < 1000) return '';
  return `; they look like projected coordinates (metres): set the source's crs (one of ${COORDINATE_SYSTEMS.join(', ')})`;
}
