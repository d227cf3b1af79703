import type { ParkingParseResult } from '../../../parking/parking.model.js';
import { unitsOf, overridePaths } from '../json-mapping/field-paths.js';
import { mapRecords } from '../json-mapping/record.mapper.js';
import type { ParkingFormatAdapter, ParseContext } from '../parking-format-adapter.js';
import { readJsonPayload } from '../shared-json/json-payload.util.js';
import { createStatusMapper } from '../shared-json/status.mapper.js';
import { WarningSink } from '../shared-json/warning-sink.util.js';
import { OPENDATASOFT_DEFAULT_PATHS } from './opendatasoft-fields.const.js';
import { extractOpendatasoftRecords } from './opendatasoft-payload.util.js';

/**
 * OpenDataSoft portals (records API v1, Explore API v2.0 / v2.1) and data-fair `lines`
 * (auto-detected), read with json-mapping and default French field names
 * (OPENDATASOFT_DEFAULT_PATHS); any `mapping:` key overrides its default.
 * A record without a name is kept (the pipeline flags it).
 */
export const opendatasoftAdapter: ParkingFormatAdapter = {
  format: 'opendatasoft',
  parse(bytes: Buffer, ctx: ParseContext): ParkingParseResult {
    const payload = readJsonPayload(bytes, 'opendatasoft');
    const items = extractOpendatasoftRecords(payload, ctx.format.mapping?.items?.trim());
    const paths = overridePaths(OPENDATASOFT_DEFAULT_PATHS, ctx.format.mapping);
    const sink = new WarningSink();
    const units = unitsOf(ctx.format.mapping);
    const mapped = mapRecords(items, paths, createStatusMapper(ctx.format.statusValues), sink, units);
    return { ...mapped, warnings: sink.warnings };
  },
};
