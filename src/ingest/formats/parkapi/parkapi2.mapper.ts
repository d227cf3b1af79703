import type { ParkingKind, ParkingParseResult, ParkingStatus } from '../../../parking/parking.model.js';
import { compact } from '../shared-json/compact.util.js';
import { isRecord } from '../shared-json/dot-path.util.js';
import { pointFrom, toWholeNumber, toDate, toId, toText } from '../shared-json/value-coercion.util.js';
import type { WarningSink } from '../shared-json/warning-sink.util.js';
import { LotCollector, missingId, type MappedLot } from './lot-collector.util.js';
import { PARKAPI2_STATES, PARKAPI2_TYPES } from './parkapi-kinds.const.js';
import { ownValue } from '../../../common/own-key.js';

/**
 * ParkAPI2 scraper snapshot `{ pool: {...}, lots: [{ id, name, type, capacity, latitude,
 * longitude, status, num_free, num_occupied, timestamp, lot_timestamp }] }`.
 * Times are naive UTC. observedAt is the source's `lot_timestamp`, else the scrape `timestamp`;
 * publishedAt is the latest scrape `timestamp`.
 */
export function mapParkApi2(lots: unknown[], sink: WarningSink): ParkingParseResult {
  const collector = new LotCollector(sink);
  lots.forEach((lot, index) => collector.add(mapLot(lot, index, sink)));
  return collector.result(latestScrape(lots));
}

function mapLot(lot: unknown, index: number, sink: WarningSink): MappedLot | undefined {
  const localId = isRecord(lot) ? toId(lot.id) : undefined;
  if (!isRecord(lot) || localId === undefined) return missingId(sink, index, 'lot');
  const capacity = toWholeNumber(lot.capacity);
  const status = readStatus(lot.status, sink);
  const facility = compact({
    localId,
    name: toText(lot.name),
    kind: kindOf(lot.type),
    location: pointFrom(lot.latitude, lot.longitude),
    address: addressOf(lot.address),
    capacity,
  });
  const observation = compact({
    localId,
    free: readFree(lot, capacity, status),
    occupied: toWholeNumber(lot.num_occupied),
    capacity,
    status,
    observedAt: toDate(lot.lot_timestamp) ?? toDate(lot.timestamp),
  });
  return { facility, observation };
}

function readFree(
  lot: Record<string, unknown>,
  capacity: number | undefined,
  status: ParkingStatus | undefined,
): number | null | undefined {
  if (status === 'unknown' || lot.num_free === null) return null;
  const free = toWholeNumber(lot.num_free);
  if (free !== undefined) return free;
  const occupied = toWholeNumber(lot.num_occupied);
  // Derived only from counts that make sense: a refused (negative) one is flagged by the pipeline, not turned into free.
  return capacity !== undefined && occupied !== undefined && occupied >= 0 && occupied <= capacity
    ? capacity - occupied
    : undefined;
}

/** Snapshot addresses are multi-line (street, town, access notes); lines are joined with ", ". */
function addressOf(value: unknown): string | undefined {
  const text = toText(value);
  return text
    ?.split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join(', ');
}

function kindOf(type: unknown): ParkingKind | undefined {
  const key = toText(type)?.toLowerCase();
  if (key === undefined) return undefined;
  return Object.hasOwn(PARKAPI2_TYPES, key) ? PARKAPI2_TYPES[key] : 'other';
}

function readStatus(value: unknown, sink: WarningSink): ParkingStatus | undefined {
  const key = toText(value)?.toLowerCase();
  if (key === undefined) return undefined;
  const status = ownValue(PARKAPI2_STATES, key);
  if (status !== undefined) return status;
  sink.once(`UNKNOWN_STATUS:${key}`, {
    code: 'UNKNOWN_STATUS',
    message: `ParkAPI2 status "${key}" is not known; read as unknown`,
  });
  return 'unknown';
}

function latestScrape(lots: unknown[]): Date | undefined {
  const times = lots
    .map((lot) => (isRecord(lot) ? toDate(lot.timestamp)?.getTime() : undefined))
    .filter((time): time is number => time !== undefined);
  return times.length > 0 ? new Date(Math.max(...times)) : undefined;
}
