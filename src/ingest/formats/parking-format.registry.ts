import { AppException } from '../../common/app-exception.js';
import { ErrorCode } from '../../common/error-codes.js';
import { readingCoordinatesIn } from '../../common/coordinate-systems.js';
import { readingWallTimesIn } from '../../common/wall-time.js';
import type { ParkingFormat } from '../../config/source-config.js';
import { csvMappingAdapter } from './csv-mapping/csv-mapping.adapter.js';
import { datex2Adapter } from './datex2/datex2.adapter.js';
import { jsonMappingAdapter } from './json-mapping/json-mapping.adapter.js';
import { ngsiAdapter } from './ngsi/ngsi.adapter.js';
import { opendatasoftAdapter } from './opendatasoft/opendatasoft.adapter.js';
import { parkapiAdapter } from './parkapi/parkapi.adapter.js';
import type { ParkingFormatAdapter } from './parking-format-adapter.js';
import { schemaStationnementAdapter } from './schema-stationnement/schema-stationnement.adapter.js';
import { siriFmAdapter } from './siri-fm/siri-fm.adapter.js';

/** The one place that knows which adapter reads which `format:` of sources.yaml. */
const ADAPTERS: Record<ParkingFormat, ParkingFormatAdapter> = {
  opendatasoft: opendatasoftAdapter,
  datex2: datex2Adapter,
  parkapi: parkapiAdapter,
  'siri-fm': siriFmAdapter,
  'schema-stationnement': schemaStationnementAdapter,
  'json-mapping': jsonMappingAdapter,
  'csv-mapping': csvMappingAdapter,
  ngsi: ngsiAdapter,
};

/**
 * Each adapter, reading times without an offset in the parse context's `timeZone` (common/wall-time.ts)
 * and coordinates in its `crs` (common/coordinate-systems.ts).
 */
const ZONED: Record<string, ParkingFormatAdapter> = Object.fromEntries(
  Object.entries(ADAPTERS).map(([format, adapter]) => [
    format,
    {
      format: adapter.format,
      parse: (bytes, ctx) =>
        readingCoordinatesIn(ctx.crs, () => readingWallTimesIn(ctx.timeZone, () => adapter.parse(bytes, ctx))),
    },
  ]),
);

export function parkingAdapterFor(format: ParkingFormat): ParkingFormatAdapter {
  const adapter = ZONED[format];
  if (adapter === undefined) throw new AppException(ErrorCode.UNSUPPORTED_FORMAT, `no adapter for format "${format}"`);
  return adapter;
}
