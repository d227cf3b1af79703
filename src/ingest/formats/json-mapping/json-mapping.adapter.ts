import { ParseException } from '../../../common/app-exception.js';
import type { ParkingParseResult } from '../../../parking/parking.model.js';
import type { ParkingFormatAdapter, ParseContext } from '../parking-format-adapter.js';
import { getPath, isRecord } from '../shared-json/dot-path.util.js';
import { readJsonPayload } from '../shared-json/json-payload.util.js';
import { createStatusMapper } from '../shared-json/status.mapper.js';
import { WarningSink } from '../shared-json/warning-sink.util.js';
import { unitsOf, pathsFromMapping } from './field-paths.js';
import { mapRecords } from './record.mapper.js';

/**
 * Any JSON feed described by the source's `mapping:` dot paths (docs/interface.md § json-mapping).
 *
 * - `items`: path to the list ("" or absent: the payload is the list); `id` is required.
 * - Paths walk objects and numeric array indexes: `geometry.coordinates.1`.
 * - Counts (free, capacity, occupied) accept JSON numbers and dot-decimal numeric strings
 *   ("12"); "12,5" is rejected. They must be whole numbers; a negative one is passed on, for the
 *   pipeline to refuse with its flag (free-negative-rejected, value-out-of-range).
 * - `lat` may point to one value holding both coordinates: `[lat, lon]`, `"lat,lon"`,
 *   `{lat, lon}` or a GeoJSON Point (then `lon` is not needed). A bare GeoJSON
 *   `coordinates` array is [lon, lat]: map it with indexes (`lat: geometry.coordinates.1`).
 * - free = capacity − occupied when free is absent; an explicit JSON null means unknown.
 * - status goes through `statusValues` (defaults: common English/French/German words);
 *   a value in the `unknown` list also turns free into null.
 * - observedAt: ISO 8601 (no offset = UTC) or epoch seconds / milliseconds.
 * - A GeoJSON FeatureCollection needs no `items` (its `features`) nor `lat` (each feature's
 *   `geometry`: a Point, or the mean of a Polygon's or LineString's distinct vertices); map the
 *   properties by their paths (`id: properties.id`).
 * Keys beyond the basic ones: `address`, `disabledCapacity`, `disabledFree`, `location`, and the
 * facility details (issue #15; record-field.reader.ts): yes / no words (true/false, yes/no, 1/0,
 * oui/non) for `feeHasFee`, `parkAndRide`, `evCharging` and `disabledPlaces` (there are charging
 * points / disabled places, count unknown, or none), `wheelchair` yes/no/limited, `maxHeight` in
 * `maxHeightUnit` (cm, default, or m), http(s) `url` / `feeUrl`, `osmId`, a price per parking time
 * (`price15min` ... `price24h`) in `priceCurrency`, `publicTransportModes` (train, bus, tram), and
 * `<kind>Capacity` / `<kind>Free` per restricted kind (config/mapping-detail-keys.ts); a bad value is
 * an INVALID_VALUE warning, the rest of the record kept.
 */
export const jsonMappingAdapter: ParkingFormatAdapter = {
  format: 'json-mapping',
  parse(bytes: Buffer, ctx: ParseContext): ParkingParseResult {
    const mapping = ctx.format.mapping ?? {};
    if (!mapping.id?.trim()) {
      throw new ParseException('json-mapping: mapping.id is required (dot path to each record id)');
    }
    const payload = readJsonPayload(bytes, 'json-mapping');
    const collection = isFeatureCollection(payload);
    const items = listAt(payload, mapping.items?.trim() ?? (collection ? 'features' : ''));
    const paths = pathsFromMapping(mapping);
    if (collection && paths.lat.length === 0 && paths.location.length === 0) paths.location = ['geometry'];
    const sink = new WarningSink();
    const units = unitsOf(ctx.format.mapping);
    const mapped = mapRecords(items, paths, createStatusMapper(ctx.format.statusValues), sink, units);
    return { ...mapped, warnings: sink.warnings };
  },
};

/** A GeoJSON FeatureCollection (RFC 7946 § 3.3): its features are the records, their geometry the location. */
function isFeatureCollection(payload: unknown): boolean {
  return isRecord(payload) && payload.type === 'FeatureCollection' && Array.isArray(payload.features);
}

function listAt(payload: unknown, itemsPath: string): unknown[] {
  const list = getPath(payload, itemsPath);
  if (!Array.isArray(list)) {
    const where = itemsPath === '' ? 'the payload' : `mapping.items "${itemsPath}"`;
    throw new ParseException(`json-mapping: ${where} is not a JSON array`);
  }
  return list;
}
