import { MAPPING_FIELD_KEYS, type MappingFieldKey } from '../../../config/source-config.js';

/**
 * Where each canonical value may be found in one record, as dot paths tried in order
 * (the first path holding a non-blank value wins). json-mapping gives one path per key,
 * opendatasoft a list of common field names. The keys (MAPPING_FIELD_KEYS, docs/interface.md
 * § json-mapping): `lat` / `lon` separate coordinates (a lat path may also hold a whole point),
 * `location` a value holding both; `kind` the facility's type in operator words, read by
 * kindFromText; the facility details (`openingHours` ... `parkAndRide`, issue #15).
 */
export type FieldPaths = Record<MappingFieldKey, readonly string[]>;

export const FIELD_KEYS = MAPPING_FIELD_KEYS;

export type FieldKey = MappingFieldKey;

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

/** No path for any key. */
export function emptyPaths(): FieldPaths {
  return Object.fromEntries(FIELD_KEYS.map((key) => [key, []])) as unknown as FieldPaths;
}

/** The values of a `mapping:` block that are not paths (both checked at load). */
export interface MappingUnits {
  /** `maxHeightUnit`: `m`, else centimetres. */
  heightUnit: 'cm' | 'm';
  /** `priceCurrency`: the ISO 4217 code of the price keys' amounts (required with them). */
  currency?: string;
}

export function unitsOf(mapping: Record<string, string | undefined> | undefined): MappingUnits {
  const currency = mapping?.priceCurrency?.trim();
  return {
    heightUnit: mapping?.maxHeightUnit?.trim() === 'm' ? 'm' : 'cm',
    ...(currency ? { currency } : {}),
  };
}
