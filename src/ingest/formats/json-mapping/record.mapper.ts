import { MAPPING_PRICE_KEYS, MAPPING_PRICE_MINUTES, MAPPING_RESTRICTED_KINDS } from '../../../config/source-config.js';
import type {
  FacilityRecord,
  OccupancyRecord,
  ParkingFees,
  ParkingPrice,
  RestrictedSpaceKind,
} from '../../../parking/parking.model.js';
import { compact } from '../shared-json/compact.util.js';
import { getPath, isRecord } from '../shared-json/dot-path.util.js';
import type { StatusMapper } from '../shared-json/status.mapper.js';
import { toId } from '../shared-json/value-coercion.util.js';
import type { WarningSink } from '../shared-json/warning-sink.util.js';
import type { FieldPaths, MappingUnits } from './field-paths.js';
import { RecordFieldReader } from './record-field.reader.js';

type Item = Record<string, unknown>;

export interface MappedRecords {
  facilities: FacilityRecord[];
  observations: OccupancyRecord[];
}

/**
 * Turns a list of JSON records into facilities and observations. The id path is chosen once
 * for the whole list (the first candidate any record has) so that one payload never mixes two
 * id schemes; records without that id are skipped with a warning. A repeated id is passed on:
 * the normaliser keeps the latest and flags it `duplicate-id`, as for every format.
 */
export function mapRecords(
  items: readonly unknown[],
  paths: FieldPaths,
  statusOf: StatusMapper,
  sink: WarningSink,
  units: MappingUnits = { heightUnit: 'cm' },
): MappedRecords {
  const result: MappedRecords = { facilities: [], observations: [] };
  const idPath = pickIdPath(items, paths.id);
  const reader = new RecordFieldReader(paths, statusOf, sink, units);
  items.forEach((item, index) => {
    const localId = readId(item, index, idPath, sink);
    if (localId === undefined || !isRecord(item)) return;
    result.facilities.push(buildFacility(item, localId, reader));
    const observation = buildObservation(item, localId, reader);
    if (observation) result.observations.push(observation);
  });
  return result;
}

function pickIdPath(items: readonly unknown[], candidates: readonly string[]): string {
  const found = candidates.find((path) => items.some((item) => toId(getPath(item, path)) !== undefined));
  return found ?? candidates[0] ?? '';
}

function readId(item: unknown, index: number, idPath: string, sink: WarningSink): string | undefined {
  const ref = `#${index}`;
  if (!isRecord(item)) {
    sink.add({ code: 'INVALID_RECORD', message: `record #${index} is not a JSON object; skipped`, ref });
    return undefined;
  }
  const localId = toId(getPath(item, idPath));
  if (localId === undefined) {
    sink.add({ code: 'MISSING_ID', message: `record #${index} has no id at "${idPath}"; skipped`, ref });
  }
  return localId;
}

function buildFacility(item: Item, localId: string, reader: RecordFieldReader): FacilityRecord {
  return compact<FacilityRecord>({
    localId,
    name: reader.text(item, 'name'),
    kind: reader.kind(item),
    address: reader.text(item, 'address'),
    location: reader.location(item, localId),
    capacity: reader.count(item, 'capacity', localId),
    disabledCapacity: reader.count(item, 'disabledCapacity', localId),
    disabledPresent: reader.flag(item, 'disabledPlaces', localId),
    evChargingCapacity: reader.count(item, 'evChargingCapacity', localId),
    evChargingPresent: reader.flag(item, 'evCharging', localId),
    restrictedCapacity: byKind(item, localId, reader, 'Capacity'),
    openingHours: reader.text(item, 'openingHours'),
    fees: fees(item, localId, reader),
    maxHeightCm: reader.maxHeightCm(item, localId),
    maxStayMinutes: reader.maxStayMinutes(item, localId),
    parkAndRide: reader.flag(item, 'parkAndRide', localId),
    publicTransportModes: reader.transitModes(item, localId),
    operatorName: reader.text(item, 'operatorName'),
    osmId: reader.osmId(item, localId),
    wheelchair: reader.wheelchair(item, localId),
    url: reader.link(item, 'url', localId),
  });
}

/** `fees` when any of its keys reads a value; prices by parking time, shortest first. */
function fees(item: Item, localId: string, reader: RecordFieldReader): ParkingFees | undefined {
  const prices: ParkingPrice[] = [];
  for (const key of MAPPING_PRICE_KEYS) {
    const price = reader.price(item, key, localId);
    if (price !== undefined) prices.push({ minutes: MAPPING_PRICE_MINUTES[key], ...price });
  }
  const read = compact<ParkingFees>({
    hasFee: reader.flag(item, 'feeHasFee', localId),
    description: reader.text(item, 'feeDescription'),
    url: reader.link(item, 'feeUrl', localId),
    prices: prices.length > 0 ? prices : undefined,
  });
  return Object.keys(read).length > 0 ? read : undefined;
}

/** The `<kind>Capacity` (or `<kind>Free`) counts a record has, by restricted kind; undefined when none. */
function byKind(
  item: Item,
  localId: string,
  reader: RecordFieldReader,
  suffix: 'Capacity' | 'Free',
): Partial<Record<RestrictedSpaceKind, number>> | undefined {
  let counts: Partial<Record<RestrictedSpaceKind, number>> | undefined;
  for (const [prefix, kind] of Object.entries(MAPPING_RESTRICTED_KINDS)) {
    const count = reader.count(item, `${prefix as keyof typeof MAPPING_RESTRICTED_KINDS}${suffix}`, localId);
    if (count !== undefined) (counts ??= {})[kind] = count;
  }
  return counts;
}

/**
 * An observation is emitted only when the record carries a reading (free, occupied or status):
 * a static list (names and positions only) yields facilities alone. A status the operator
 * declares unknown turns free into null: the count sent with it is a placeholder.
 */
function buildObservation(item: Item, localId: string, reader: RecordFieldReader): OccupancyRecord | undefined {
  const capacity = reader.count(item, 'capacity', localId);
  const occupied = reader.count(item, 'occupied', localId);
  const status = reader.status(item);
  const reported = reader.free(item, localId);
  let free = reported === undefined ? derivedFree(capacity, occupied) : reported;
  if (status?.declaredUnknown) free = null;
  if (free === undefined && occupied === undefined && status === undefined) return undefined;
  return compact<OccupancyRecord>({
    localId,
    free,
    occupied,
    capacity,
    status: status?.status,
    observedAt: reader.observedAt(item, localId),
    disabledFree: reader.count(item, 'disabledFree', localId),
    evChargingFree: reader.count(item, 'evChargingFree', localId),
    restrictedFree: byKind(item, localId, reader, 'Free'),
  });
}

function derivedFree(capacity: number | undefined, occupied: number | undefined): number | undefined {
  if (capacity === undefined || occupied === undefined) return undefined;
  return occupied >= 0 && capacity >= occupied ? capacity - occupied : undefined;
}
