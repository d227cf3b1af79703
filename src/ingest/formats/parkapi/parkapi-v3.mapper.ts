import type { ParkingKind, ParkingParseResult, ParkingStatus } from '../../../parking/parking.model.js';
import { compact } from '../shared-json/compact.util.js';
import { isRecord } from '../shared-json/dot-path.util.js';
import { pointFrom, toWholeNumber, toDate, toId, toText } from '../shared-json/value-coercion.util.js';
import type { WarningSink } from '../shared-json/warning-sink.util.js';
import { LotCollector, missingId, type MappedLot } from './lot-collector.util.js';
import { siteDetails, siteRealtimeDetails } from './parkapi-v3-details.js';
import { V3_OPENING_STATUS, V3_PARK_AND_RIDE, V3_SITE_TYPES } from './parkapi-kinds.const.js';
import { ownValue } from '../../../common/own-key.js';

/**
 * ParkAPI v3 parking sites `{ items: [ParkingSite], total_count }` (park-api-v3 public
 * /v3/parking-sites). The localId is ParkAPI's numeric `id` (unique across its sources;
 * `original_uid` is only unique within one source). lat/lon may be numbers or decimal strings.
 * A site with `has_realtime_data: false` and no realtime fields yields a facility only.
 */
export function mapParkApiV3(items: unknown[], sink: WarningSink): ParkingParseResult {
  const collector = new LotCollector(sink);
  items.forEach((item, index) => collector.add(mapSite(item, index, sink)));
  return collector.result();
}

function mapSite(site: unknown, index: number, sink: WarningSink): MappedLot | undefined {
  // `uid`: the parkapi-sources-v3 / push-input form (StaticParkingSiteInput), which has no numeric id.
  const localId = isRecord(site) ? (toId(site.id) ?? toId(site.uid)) : undefined;
  if (!isRecord(site) || localId === undefined) return missingId(sink, index, 'parking site');
  const capacity = toWholeNumber(site.capacity);
  const facility = compact({
    localId,
    name: toText(site.name),
    kind: kindOf(site),
    location: pointFrom(site.lat, site.lon),
    address: toText(site.address),
    capacity,
    ...siteDetails(site),
  });
  if (!hasRealtime(site)) return { facility };
  const observation = compact({
    localId,
    free: toWholeNumber(site.realtime_free_capacity) ?? null,
    capacity: toWholeNumber(site.realtime_capacity) ?? capacity,
    status: readStatus(site.realtime_opening_status, sink),
    observedAt: toDate(site.realtime_data_updated_at),
    ...siteRealtimeDetails(site),
  });
  return { facility, observation };
}

function hasRealtime(site: Record<string, unknown>): boolean {
  if (site.has_realtime_data === true) return true;
  return ['realtime_free_capacity', 'realtime_opening_status', 'realtime_data_updated_at'].some(
    (key) => site[key] !== undefined && site[key] !== null,
  );
}

function kindOf(site: Record<string, unknown>): ParkingKind | undefined {
  if (site.purpose === 'BIKE') return 'bicycle';
  const rideTypes = Array.isArray(site.park_and_ride_type) ? site.park_and_ride_type : [];
  if (rideTypes.some((type) => typeof type === 'string' && V3_PARK_AND_RIDE.has(type))) return 'park-and-ride';
  const type = toText(site.type);
  return type === undefined ? undefined : (ownValue(V3_SITE_TYPES, type) ?? 'other');
}

function readStatus(value: unknown, sink: WarningSink): ParkingStatus | undefined {
  const key = toText(value)?.toUpperCase();
  if (key === undefined) return undefined;
  const status = ownValue(V3_OPENING_STATUS, key);
  if (status !== undefined) return status;
  sink.once(`UNKNOWN_STATUS:${key}`, {
    code: 'UNKNOWN_STATUS',
    message: `ParkAPI v3 realtime_opening_status "${key}" is not known; read as unknown`,
  });
  return 'unknown';
}
