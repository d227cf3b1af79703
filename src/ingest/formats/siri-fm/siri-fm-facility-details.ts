import type { FacilityRecord, WheelchairAccess } from '../../../parking/parking.model.js';
import { childText, childrenNamed, firstChild, type XmlElement } from '../xml/xml-element.js';
import { ownValue } from '../../../common/own-key.js';
import { OSM_WEEK_DAYS } from '../../../common/osm-week-days.js';

/** What a SIRI-FM condition says of the facility beyond its name and position (issue #15). */
export type SiriFacilityDetails = Pick<FacilityRecord, 'operatorName' | 'wheelchair' | 'parkAndRide' | 'openingHours'>;

/**
 * By the element names of SIRI 2.1 siri_facility.xsd and the IFOPT acsb schemas:
 * - `operatorName`: Facility/OwnerName (it names an owner; SIRI has no operator name; OwnerRef is an id).
 * - `wheelchair`: the status's AccessibilityAssessment first (the facility as it is now: a broken lift
 *   makes it `no`), then the Facility's Limitations, then its AccessibilityAssessment. In each, a
 *   WheelchairAccess true / false is `yes` / `no` (several limitations that differ: `limited`); an
 *   assessment without one falls back on MobilityImpairedAccess; `unknown` says nothing.
 * - `parkAndRide`: a Features/Feature/ParkingFacility parkAndRidePark.
 * - `openingHours`: the Facility's ValidityCondition ("when the facility is normally available") as
 *   OSM opening_hours, from its Timebands and DayTypes; not read when it has a Period (dates) or a
 *   HolidayType, a Timeband without an end or a DayType `unknown`.
 */
export function readSiriFacilityDetails(
  facility: XmlElement | undefined,
  status: XmlElement | undefined,
): SiriFacilityDetails {
  const details: SiriFacilityDetails = {};
  const owner = childText(facility, 'OwnerName');
  if (owner !== undefined) details.operatorName = owner;
  const wheelchair =
    assessmentAccess(firstChild(status, 'AccessibilityAssessment')) ??
    accessOf(childText(firstChild(facility, 'Limitations'), 'WheelchairAccess')) ??
    assessmentAccess(firstChild(facility, 'AccessibilityAssessment'));
  if (wheelchair !== undefined) details.wheelchair = wheelchair;
  const features = childrenNamed(firstChild(facility, 'Features'), 'Feature');
  if (features.some((f) => childText(f, 'ParkingFacility') === 'parkAndRidePark')) details.parkAndRide = true;
  const hours = openingHours(firstChild(facility, 'ValidityCondition'));
  if (hours !== undefined) details.openingHours = hours;
  return details;
}

function accessOf(value: string | undefined): WheelchairAccess | undefined {
  if (value === 'true') return 'yes';
  if (value === 'false') return 'no';
  return undefined;
}

function assessmentAccess(assessment: XmlElement | undefined): WheelchairAccess | undefined {
  if (assessment === undefined) return undefined;
  const limitations = childrenNamed(firstChild(assessment, 'Limitations'), 'AccessibilityLimitation');
  const said = new Set(
    limitations.map((l) => accessOf(childText(l, 'WheelchairAccess'))).filter((a) => a !== undefined),
  );
  if (said.size > 1) return 'limited';
  const [only] = said;
  return only ?? accessOf(childText(assessment, 'MobilityImpairedAccess'));
}

/** DaysOfWeekEnumerationx → OSM day ranges. */
const DAYS: Readonly<Record<string, string>> = {
  ...OSM_WEEK_DAYS,
  mondayToFriday: 'Mo-Fr',
  mondayToSaturday: 'Mo-Sa',
  weekdays: 'Mo-Fr',
  weekends: 'Sa-Su',
};

function openingHours(condition: XmlElement | undefined): string | undefined {
  if (condition === undefined) return undefined;
  if (firstChild(condition, 'Period') !== undefined || firstChild(condition, 'HolidayType') !== undefined)
    return undefined;
  const days: string[] = [];
  for (const day of childrenNamed(condition, 'DayType')) {
    const osm = ownValue(DAYS, day.text.trim());
    if (osm === undefined) return undefined;
    days.push(osm);
  }
  const times: string[] = [];
  for (const band of childrenNamed(condition, 'Timeband')) {
    const start = clock(childText(band, 'StartTime'));
    const end = clock(childText(band, 'EndTime'));
    if (start === undefined || end === undefined) return undefined;
    times.push(`${start}-${end}`);
  }
  const parts = [days.join(','), times.join(',')].filter((p) => p !== '');
  return parts.length > 0 ? parts.join(' ') : undefined;
}

/** An xsd:time of whole minutes (`06:00:00`, `24:00:00`; an offset is not read) as `HH:MM`. */
function clock(value: string | undefined): string | undefined {
  const match = value === undefined ? null : /^(\d{2}):(\d{2})(?::00(?:\.0+)?)?$/.exec(value);
  if (match === null) return undefined;
  const [h, m] = [Number(match[1]), Number(match[2])];
  if (h > 24 || m > 59 || (h === 24 && m !== 0)) return undefined;
  return `${match[1]}:${match[2]}`;
}
