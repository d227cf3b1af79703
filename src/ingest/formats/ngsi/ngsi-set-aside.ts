import type { FacilityRecord, OccupancyRecord, RestrictedSpaceKind } from '../../../parking/parking.model.js';
import { isRecord } from '../shared-json/dot-path.util.js';
import { toWholeNumber } from '../shared-json/value-coercion.util.js';
import { attribute, texts, type Entity } from './ngsi-attributes.js';
import { ownValue } from '../../../common/own-key.js';

/** What an entity's places are set aside for, when all of them are for one group of users. */
type SetAside = 'disabled' | 'evCharging' | RestrictedSpaceKind;

/** requiredPermit values (ParkingGroup's enumeration) that name one group of users. */
const PERMITS: Readonly<Record<string, SetAside>> = {
  disabledpermit: 'disabled',
  residentpermit: 'resident',
  carsharingpermit: 'carsharing',
  carpoolingpermit: 'carpool',
  taxipermit: 'taxi',
};

/** category values (OffStreetParking / ParkingGroup enumerations) that reserve every place. */
const CATEGORIES: Readonly<Record<string, SetAside>> = {
  onlydisabled: 'disabled',
  onlyresidents: 'resident',
  onlyelectricalcharging: 'evCharging',
  loadunloadzone: 'delivery',
};

/**
 * allowedVehicleType values (DATEX II VehicleTypeEnum, ParkingGroup's own list) with a kind of their
 * own; car, van, anyVehicle and the like are ordinary places, bicycle is the facility's kind.
 */
const VEHICLES: Readonly<Record<string, SetAside>> = {
  bus: 'bus',
  lorry: 'truck',
  truck: 'truck',
  caravan: 'caravan',
  carwithcaravan: 'caravan',
  motorcycle: 'motorcycle',
  motorcyclewithsidecar: 'motorcycle',
  motorscooter: 'motorcycle',
  moped: 'motorcycle',
};

export interface SetAsideCounts {
  facility: Pick<FacilityRecord, 'disabledCapacity' | 'evChargingCapacity' | 'restrictedCapacity'>;
  observation: Pick<OccupancyRecord, 'disabledFree' | 'evChargingFree' | 'restrictedFree'>;
}

/**
 * Places set aside, with counts. An entity (typically a ParkingGroup) all of whose places are for one
 * group of users: its own totalSpotNumber / availableSpotNumber count them. Which group: a single
 * requiredPermit (disabledPermit, residentPermit, carSharingPermit, carpoolingPermit, taxiPermit;
 * several are alternatives and a `a,b` permit is a combination, so neither names one group), else
 * category onlyDisabled, onlyResidents, onlyElectricalCharging, loadUnloadZone (delivery), else
 * allowedVehicleType when it is the only type allowed (bus, lorry / truck, caravan, motorcycle, moped,
 * motorscooter). And `twoWheelerSlots` (the OffStreetParking attribute) → motorcycle places, its own
 * totalSpotNumber / availableSpotNumber. Not read: `extraSpotNumber` (free spots of every other
 * group and vehicle type together, no kind); `facilities` electricChargingStation and category
 * forElectricalCharging / forDisabled say only that such places exist (ngsi-details.ts).
 */
export function setAsideCounts(entity: Entity, capacity: number | undefined, free: number | undefined): SetAsideCounts {
  const counts: SetAsideCounts = { facility: {}, observation: {} };
  const whole = wholeEntity(entity);
  if (whole !== undefined) put(counts, whole, capacity, free);
  const slots = attribute(entity, 'twoWheelerSlots')?.value;
  if (isRecord(slots))
    put(counts, 'motorcycle', slotCount(slots.totalSpotNumber), slotCount(slots.availableSpotNumber));
  return counts;
}

function slotCount(value: unknown): number | undefined {
  return value === undefined ? undefined : toWholeNumber(value);
}

function wholeEntity(entity: Entity): SetAside | undefined {
  const permits = texts(entity, 'requiredPermit');
  if (permits.length === 1) {
    const kind = ownValue(PERMITS, permits[0].toLowerCase());
    if (kind !== undefined) return kind;
  }
  for (const category of texts(entity, 'category')) {
    const kind = ownValue(CATEGORIES, category.toLowerCase());
    if (kind !== undefined) return kind;
  }
  const vehicles = texts(entity, 'allowedVehicleType');
  return vehicles.length === 1 ? ownValue(VEHICLES, vehicles[0].toLowerCase()) : undefined;
}

function put(counts: SetAsideCounts, kind: SetAside, capacity: number | undefined, free: number | undefined): void {
  const { facility, observation } = counts;
  if (kind === 'disabled') {
    if (capacity !== undefined) facility.disabledCapacity = capacity;
    if (free !== undefined) observation.disabledFree = free;
  } else if (kind === 'evCharging') {
    if (capacity !== undefined) facility.evChargingCapacity = capacity;
    if (free !== undefined) observation.evChargingFree = free;
  } else {
    if (capacity !== undefined) facility.restrictedCapacity = { ...facility.restrictedCapacity, [kind]: capacity };
    if (free !== undefined) observation.restrictedFree = { ...observation.restrictedFree, [kind]: free };
  }
}

/** A ParkingGroup's places set aside, for the site its refParkingSite names. */
export interface GroupShare {
  siteId: string;
  facility: FacilityRecord;
  observation?: OccupancyRecord;
}

type CountKey = 'disabledCapacity' | 'evChargingCapacity' | 'disabledFree' | 'evChargingFree';

/**
 * Each site of the payload that ParkingGroups name by refParkingSite gets the sum of its groups'
 * places set aside, by kind: disabled, charging and each restricted kind, capacity and free. A count
 * the site gives itself (e.g. from twoWheelerSlots) is kept; a site not in the payload gets nothing
 * (the groups stay car parks of their own either way). Free counts go to the site's reading only
 * when it has one.
 */
export function addGroupShares(
  shares: readonly GroupShare[],
  facilities: readonly FacilityRecord[],
  observations: readonly OccupancyRecord[],
): void {
  const bySite = new Map<string, GroupShare[]>();
  for (const share of shares) bySite.set(share.siteId, [...(bySite.get(share.siteId) ?? []), share]);
  for (const [siteId, groups] of bySite) {
    const facility = facilities.find((f) => f.localId === siteId);
    if (facility === undefined) continue;
    const own = { ...facility };
    addCount(
      facility,
      own,
      groups.map((g) => g.facility),
      'disabledCapacity',
    );
    addCount(
      facility,
      own,
      groups.map((g) => g.facility),
      'evChargingCapacity',
    );
    addKinds(
      facility,
      own.restrictedCapacity,
      groups.map((g) => g.facility.restrictedCapacity),
      'restrictedCapacity',
    );
    const observation = observations.find((o) => o.localId === siteId);
    if (observation === undefined) continue;
    const ownFree = { ...observation };
    const readings = groups.flatMap((g) => (g.observation === undefined ? [] : [g.observation]));
    addCount(observation, ownFree, readings, 'disabledFree');
    addCount(observation, ownFree, readings, 'evChargingFree');
    addKinds(
      observation,
      ownFree.restrictedFree,
      readings.map((r) => r.restrictedFree),
      'restrictedFree',
    );
  }
}

function addCount<T extends Partial<Record<CountKey, number>>>(
  target: T,
  own: T,
  groups: readonly T[],
  key: CountKey,
): void {
  if (own[key] !== undefined) return;
  let total: number | undefined;
  for (const group of groups) if (group[key] !== undefined) total = (total ?? 0) + group[key];
  if (total !== undefined) target[key] = total;
}

function addKinds<K extends 'restrictedCapacity' | 'restrictedFree'>(
  target: Partial<Record<K, Partial<Record<RestrictedSpaceKind, number>>>>,
  own: Partial<Record<RestrictedSpaceKind, number>> | undefined,
  groups: ReadonlyArray<Partial<Record<RestrictedSpaceKind, number>> | undefined>,
  key: K,
): void {
  const sums: Partial<Record<RestrictedSpaceKind, number>> = {};
  for (const counts of groups) {
    for (const kind in counts) {
      const k = kind as RestrictedSpaceKind;
      if (own?.[k] === undefined && counts[k] !== undefined) sums[k] = (sums[k] ?? 0) + counts[k];
    }
  }
  if (Object.keys(sums).length > 0) target[key] = { ...own, ...sums };
}
