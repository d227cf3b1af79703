/**
 * Where each canonical value may be found in one record, as dot paths tried in order
 * (the first path holding a non-blank value wins). json-mapping gives one path per key,
 * opendatasoft a list of common field names.
 */
export interface FieldPaths {
  id: readonly string[];
  name: readonly string[];
  address: readonly string[];
  /** Separate latitude / longitude values; a lat path may also hold a whole point. */
  lat: readonly string[];
  lon: readonly string[];
  /** Values holding both coordinates (array, "lat,lon", object, GeoJSON Point). */
  location: readonly string[];
  free: readonly string[];
  capacity: readonly string[];
  occupied: readonly string[];
  disabledCapacity: readonly string[];
  status: readonly string[];
  observedAt: readonly string[];
  /** The facility's type in operator words ("Parking relais", "P+R"...), read by kindFromText. */
  kind: readonly string[];
}

export const FIELD_KEYS = [
  'id',
  'name',
  'address',
  'lat',
  'lon',
  'location',
  'free',
  'capacity',
  'occupied',
  'disabledCapacity',
  'status',
  'observedAt',
  'kind',
] as const satisfies readonly (keyof FieldPaths)[];

export type FieldKey = (typeof FIELD_KEYS)[number];

/** Builds paths from a `mapping:` block: each configured key gets its one path, the others none. */
export function pathsFromMapping(mapping: Record<string, string | undefined>): FieldPaths {
  return overridePaths(emptyPaths(), mapping);
}

/** Replaces the candidates of every key the mapping names (blank mapping values are ignored). */
export function overridePaths(base: FieldPaths, mapping: Record<string, string | undefined> | undefined): FieldPaths {
  const result: FieldPaths = { ...base };
  for (const key of FIELD_KEYS) {
    const path = mapping?.[key]?.trim();
    if (path) result[key] = [path];
  }
  return result;
}

function emptyPaths(): FieldPaths {
  return {
    id: [],
    name: [],
    address: [],
    lat: [],
    lon: [],
    location: [],
    free: [],
    capacity: [],
    occupied: [],
    disabledCapacity: [],
    status: [],
    observedAt: [],
    kind: [],
  };
}
