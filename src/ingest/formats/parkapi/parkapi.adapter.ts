import { ParseException } from '../../../common/app-exception.js';
import type { ParkingParseResult } from '../../../parking/parking.model.js';
import type { ParkingFormatAdapter, ParseContext } from '../parking-format-adapter.js';
import { isRecord } from '../shared-json/dot-path.util.js';
import { readJsonPayload } from '../shared-json/json-payload.util.js';
import { WarningSink } from '../shared-json/warning-sink.util.js';
import { mapParkApi2 } from './parkapi2.mapper.js';
import { mapParkApiV1 } from './parkapi-v1.mapper.js';
import { mapParkApiV3 } from './parkapi-v3.mapper.js';

/**
 * ParkAPI in its three generations, detected from the payload shape:
 * - ParkAPI2 scraper snapshot: `{ pool: {...}, lots: [...] }`;
 * - ParkAPI v1 city format: `{ last_updated, lots: [...] }` (any other object with `lots`);
 * - ParkAPI v3 parking sites: `{ items: [...] }`, a bare array of sites (what parkapi-sources-v3
 *   converters produce), or one site (`/v3/parking-sites/{id}`: an object with `lat` and `id` or `uid`).
 * Lots without an id are skipped with a warning (v1 lots with a name get a name-derived id).
 */
export const parkapiAdapter: ParkingFormatAdapter = {
  format: 'parkapi',
  parse(bytes: Buffer, _ctx: ParseContext): ParkingParseResult {
    const payload = readJsonPayload(bytes, 'parkapi');
    const sink = new WarningSink();
    if (Array.isArray(payload)) return mapParkApiV3(payload, sink);
    if (!isRecord(payload)) throw new ParseException('parkapi: payload is not a JSON object');
    if (Array.isArray(payload.lots)) {
      return isRecord(payload.pool) ? mapParkApi2(payload.lots, sink) : mapParkApiV1(payload, payload.lots, sink);
    }
    if (Array.isArray(payload.items)) return mapParkApiV3(payload.items, sink);
    if (payload.lat !== undefined && (payload.id !== undefined || payload.uid !== undefined)) {
      return mapParkApiV3([payload], sink);
    }
    const keys = Object.keys(payload).slice(0, 8).join(', ');
    throw new ParseException(`parkapi: no "lots" or "items" list in the payload (keys: ${keys})`);
  },
};
