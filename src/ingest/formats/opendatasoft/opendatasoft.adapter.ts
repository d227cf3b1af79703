import type { ParkingParseResult } from '../../../parking/parking.model.js';
import { unitsOf, overridePaths } from '../json-mapping/field-paths.js';
import { toFlag } from '../json-mapping/record-field.reader.js';
import { mapRecords } from '../json-mapping/record.mapper.js';
import type { ParkingFormatAdapter, ParseContext } from '../parking-format-adapter.js';
import { isRecord } from '../shared-json/dot-path.util.js';
import { readJsonPayload } from '../shared-json/json-payload.util.js';
import { createStatusMapper } from '../shared-json/status.mapper.js';
import { WarningSink } from '../shared-json/warning-sink.util.js';
import {
  HAS_FEE_FROM_GRATUIT,
  OPENDATASOFT_DEFAULT_CURRENCY,
  OPENDATASOFT_DEFAULT_PATHS,
} from './opendatasoft-fields.const.js';
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
    const mapping = ctx.format.mapping;
    const records = extractOpendatasoftRecords(payload, mapping?.items?.trim());
    const gratuit = !mapping?.feeHasFee?.trim();
    const items = records.map((record) => withSchemaStationnementValues(record, gratuit));
    const paths = overridePaths(OPENDATASOFT_DEFAULT_PATHS, mapping);
    const sink = new WarningSink();
    const units = { currency: OPENDATASOFT_DEFAULT_CURRENCY, ...unitsOf(mapping) };
    const mapped = mapRecords(items, paths, createStatusMapper(ctx.format.statusValues), sink, units);
    return { ...mapped, warnings: sink.warnings };
  },
};

/**
 * Two schema-stationnement values read as the mapper cannot: `hauteur_max` `N/A` ("no limit
 * stated") is dropped, not a bad height; `gratuit` (true: free of charge) becomes the feeHasFee the
 * mapper reads, its opposite (unless `mapping.feeHasFee` names a field: `withGratuit` false). A
 * `gratuit` that is no flag is passed on as it is, so the mapper warns about it.
 */
function withSchemaStationnementValues(item: unknown, withGratuit: boolean): unknown {
  if (!isRecord(item)) return item;
  const notApplicable = typeof item.hauteur_max === 'string' && item.hauteur_max.trim().toUpperCase() === 'N/A';
  const hasGratuit = withGratuit && item.gratuit !== undefined && item.gratuit !== null;
  if (!notApplicable && !hasGratuit) return item;
  const out: Record<string, unknown> = { ...item };
  if (notApplicable) delete out.hauteur_max;
  if (hasGratuit) {
    const free = toFlag(item.gratuit);
    out[HAS_FEE_FROM_GRATUIT] = free === undefined ? item.gratuit : !free;
  }
  return out;
}
