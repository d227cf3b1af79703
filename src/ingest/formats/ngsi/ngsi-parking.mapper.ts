import type { FacilityRecord, OccupancyRecord, ParkingKind, ParkingStatus } from '../../../parking/parking.model.js';
import { compact } from '../shared-json/compact.util.js';
import { toDate, toText, toWholeNumber } from '../shared-json/value-coercion.util.js';
import { attribute, geoPoint, texts, type Entity } from './ngsi-attributes.js';
import { siteDetails } from './ngsi-details.js';
import { setAsideCounts } from './ngsi-set-aside.js';

/** Maps one raw status value to a canonical status; undefined when it is not recognised. */
export type NgsiStatusOf = (raw: string) => ParkingStatus | undefined;

export interface SiteRecords {
  facility: FacilityRecord;
  observation?: OccupancyRecord;
  unknownStatuses: string[];
}

/** A closed site is closed whatever its counters say; a full one is full even if "open". */
const PRIORITY: readonly ParkingStatus[] = ['closed', 'full', 'open', 'unknown'];

/**
 * OffStreetParking, OnStreetParking and ParkingGroup: a site with counts. Read: name, location
 * (GeoJSON Point, or a polygon's mean vertex), address (streetAddress, postalCode addressLocality),
 * totalSpotNumber → capacity, availableSpotNumber → free, occupiedSpotNumber → occupied, status
 * (DATEX II values: open, closed, full, spacesAvailable, ...), and the time of the reading:
 * availableSpotNumber's own time, else occupancyModified, observationDateTime, dateObserved,
 * dateModified. kind: onlyDisabled (category) → disabled, parkAndRide → park-and-ride, on-street for
 * OnStreetParking or an onStreet category, bicycle when only bicycles are allowed; else car-park.
 * Places set aside (disabled, charging, restricted kinds) with their counts: ngsi-set-aside.ts.
 */
export function mapSite(entity: Entity, type: string, localId: string, statusOf: NgsiStatusOf): SiteRecords {
  const capacity = count(entity, 'totalSpotNumber');
  const available = attribute(entity, 'availableSpotNumber');
  const free = available === undefined ? undefined : toWholeNumber(available.value);
  const setAside = setAsideCounts(entity, capacity, free);
  const facility = compact<FacilityRecord>({
    localId,
    name: toText(attribute(entity, 'name')?.value),
    kind: kindOf(entity, type),
    location: geoPoint(attribute(entity, 'location')?.value),
    address: addressOf(attribute(entity, 'address')?.value),
    capacity,
    ...siteDetails(entity),
    ...setAside.facility,
  });
  const occupied = count(entity, 'occupiedSpotNumber');
  const rawStatuses = texts(entity, 'status');
  const unknownStatuses: string[] = [];
  const mapped = rawStatuses.map((raw) => {
    const status = statusOf(raw);
    if (status === undefined) unknownStatuses.push(raw);
    return status ?? 'unknown';
  });
  const status = mapped.length === 0 ? undefined : PRIORITY.find((s) => mapped.includes(s));
  if (free === undefined && occupied === undefined && status === undefined) return { facility, unknownStatuses };
  const observation = compact<OccupancyRecord>({
    localId,
    free,
    occupied,
    capacity,
    status,
    observedAt: available?.observedAt ?? firstTime(entity),
    ...setAside.observation,
  });
  return { facility, observation, unknownStatuses };
}

function count(entity: Entity, name: string): number | undefined {
  const value = attribute(entity, name)?.value;
  return value === undefined ? undefined : toWholeNumber(value);
}

function firstTime(entity: Entity): Date | undefined {
  for (const name of ['occupancyModified', 'observationDateTime', 'dateObserved', 'dateModified']) {
    const value = attribute(entity, name)?.value;
    const date = value === undefined ? undefined : toDate(value);
    if (date !== undefined) return date;
  }
  return undefined;
}

function kindOf(entity: Entity, type: string): ParkingKind {
  const categories = texts(entity, 'category').map((c) => c.toLowerCase());
  if (categories.includes('onlydisabled')) return 'disabled';
  if (categories.includes('parkandride')) return 'park-and-ride';
  if (type === 'OnStreetParking' || categories.includes('onstreet')) return 'on-street';
  const vehicles = texts(entity, 'allowedVehicleType').map((v) => v.toLowerCase());
  if (vehicles.length > 0 && vehicles.every((v) => v === 'bicycle')) return 'bicycle';
  return 'car-park';
}

function addressOf(value: unknown): string | undefined {
  if (typeof value === 'string') return toText(value);
  if (typeof value !== 'object' || value === null) return undefined;
  const a = value as Record<string, unknown>;
  const locality = [toText(a.postalCode), toText(a.addressLocality)].filter((p) => p !== undefined).join(' ');
  const parts = [toText(a.streetAddress), locality === '' ? undefined : locality].filter((p) => p !== undefined);
  return parts.length === 0 ? undefined : parts.join(', ');
}

/** What the ParkingSpot entities of one parking site add up to. */
export interface SpotTally {
  spots: number;
  free: number;
  occupied: number;
  onStreet: boolean;
  positions: Array<{ lat: number; lon: number }>;
  observedAt?: Date;
}

/**
 * One ParkingSpot counted into its site's tally: status `free` or `occupied` (others, `closed` and
 * `unknown`, count as a spot but neither free nor occupied); its time is the status's own.
 */
export function addSpot(tally: SpotTally, entity: Entity): void {
  const status = attribute(entity, 'status');
  const value = typeof status?.value === 'string' ? status.value.trim().toLowerCase() : undefined;
  tally.spots += 1;
  if (value === 'free') tally.free += 1;
  if (value === 'occupied') tally.occupied += 1;
  if (texts(entity, 'category').some((c) => c.toLowerCase() === 'onstreet')) tally.onStreet = true;
  const position = geoPoint(attribute(entity, 'location')?.value);
  if (position !== undefined) tally.positions.push(position);
  const at = status?.observedAt;
  if (at !== undefined && (tally.observedAt === undefined || at > tally.observedAt)) tally.observedAt = at;
}
