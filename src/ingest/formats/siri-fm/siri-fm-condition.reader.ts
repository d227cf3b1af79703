import type { FacilityRecord, OccupancyRecord, ParseWarning } from '../../../parking/parking.model.js';
import type { ParkingFormatOptions } from '../parking-format-adapter.js';
import { childText, childrenNamed, firstChild, type XmlElement } from '../xml/xml-element.js';
import { XmlFieldReader } from '../xml/xml-values.js';
import { readSiriFacilityDetails } from './siri-fm-facility-details.js';
import { siriStatus } from './siri-fm-status.js';

/** Units that count parking places or the vehicles occupying them (CountedFeatureUnitEnumeration). */
const PLACE_UNITS = new Set(['bays', 'otherspaces', 'vehicles']);

export interface ConditionReading {
  observation?: OccupancyRecord;
  facility?: FacilityRecord;
}

/**
 * One FacilityCondition → one observation (+ a facility when a Facility description is inline).
 *
 * Counting semantics (SIRI 2.1 siri_facility.xsd, CountingTypeEnumeration / MonitoredCountingStructure):
 * - `availabilityCount` counts available items: free places.
 * - `presentCount` (and `inUseCount`) count items present / in use: for bays that is the
 *   *occupied* count, not the free one. The South Tyrol producer confirms it: it writes
 *   Count = capacity − free (transmodel-api src/siri/parking.go). OpenTripPlanner's SIRI-FM
 *   updater reads that Count as available spaces; this adapter deliberately does not.
 * - SIRI-FM 2.1 carries no capacity, so presentCount alone does not give free places; free stays
 *   unknown (undefined) unless the status is notAvailable: then no bay is available and free is 0.
 * - Counts in other units (kWh, devices, ...) and Percentage values are ignored.
 * observedAt: MonitoredCounting has no time of its own, so the delivery's ResponseTimestamp is used.
 */
export function readFacilityCondition(
  condition: XmlElement,
  index: number,
  observedAt: Date | undefined,
  format: ParkingFormatOptions,
  warnings: ParseWarning[],
): ConditionReading {
  const facility = firstChild(condition, 'Facility');
  const localId = childText(condition, 'FacilityRef') ?? childText(facility, 'FacilityCode');
  if (localId === undefined) {
    warnings.push({
      code: 'MISSING_ID',
      message: 'FacilityCondition without FacilityRef or Facility/FacilityCode skipped',
      ref: `FacilityCondition[${index}]`,
    });
    return {};
  }
  const fields = new XmlFieldReader(warnings, localId);
  const counts = readCounts(condition, fields);
  const rawStatus = childText(firstChild(condition, 'FacilityStatus'), 'Status');
  const status = rawStatus === undefined ? undefined : mapStatus(rawStatus, format, fields);
  const free = counts.available ?? (rawStatus?.toLowerCase() === 'notavailable' ? 0 : undefined);
  return {
    observation: compact({
      localId,
      free,
      occupied: counts.present,
      status,
      observedAt,
    }),
    facility: readFacility(localId, condition, facility, fields),
  };
}

function mapStatus(raw: string, format: ParkingFormatOptions, fields: XmlFieldReader): OccupancyRecord['status'] {
  const status = siriStatus(raw, format.statusValues);
  if (status === undefined) fields.warn('UNKNOWN_STATUS', `unknown SIRI FacilityStatus "${raw}"`);
  return status ?? 'unknown';
}

function readCounts(condition: XmlElement, fields: XmlFieldReader): { available?: number; present?: number } {
  const counts: { available?: number; present?: number } = {};
  for (const counting of childrenNamed(condition, 'MonitoredCounting')) {
    const unit = childText(counting, 'CountedFeatureUnit')?.toLowerCase();
    if (unit !== undefined && !PLACE_UNITS.has(unit)) continue;
    const type = childText(counting, 'CountingType');
    if (type === 'availabilityCount') counts.available ??= fields.count(counting, 'Count');
    else if (type === 'presentCount' || type === 'inUseCount') counts.present ??= fields.count(counting, 'Count');
  }
  return counts;
}

/**
 * Name, position and details, when the delivery describes the facility (Facility), moves it
 * (FacilityUpdatedPosition) or assesses its accessibility in its status (siri-fm-facility-details.ts).
 */
function readFacility(
  localId: string,
  condition: XmlElement,
  facility: XmlElement | undefined,
  fields: XmlFieldReader,
): FacilityRecord | undefined {
  const name = childText(facility, 'Description');
  const position =
    firstChild(condition, 'FacilityUpdatedPosition') ??
    firstChild(firstChild(facility, 'FacilityLocation'), 'Location');
  const location = position ? fields.point(position, 'Latitude', 'Longitude') : undefined;
  const details = readSiriFacilityDetails(facility, firstChild(condition, 'FacilityStatus'));
  if (name === undefined && location === undefined && Object.keys(details).length === 0) return undefined;
  return compact({ localId, name, location, ...details });
}

function compact<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as T;
}
