import type { FacilityRecord, OccupancyRecord, ParseWarning } from '../../../parking/parking.model.js';
import type { ParkingFormatOptions } from '../parking-format-adapter.js';
import { attr, childrenNamed, firstChild, type XmlElement } from '../xml/xml-element.js';
import { XmlFieldReader } from '../xml/xml-values.js';
import { compact, multilingualText } from './datex2-common.js';
import type { Datex2Part } from './datex2-document.js';
import { facilityDetails } from './datex2-facility-details.js';
import { firstLocated } from './datex2-location.js';
import { facilityOpeningHours } from './datex2-opening-hours.js';
import { occupancyFigures } from './datex2-occupancy.js';
import { combineStatuses, isOccupancyUnknown } from './datex2-status-values.js';
import { disabledPresent, disabledSpaces, siteKind } from './datex2-site.js';

/**
 * The DATEX II 2.0 parking extension still served by German MDM feeds (e.g. Stuttgart):
 * parkingFacilityTableStatusPublication/parkingFacilityStatus. One parkingFacilityStatus
 * holds several status values at once (e.g. "closed" and "spacesAvailable") and totals
 * for occupied/vacant spaces; it carries no names or coordinates (the table's are joined on the id).
 */
export function readLegacyStatus(
  part: Datex2Part,
  format: ParkingFormatOptions,
  warnings: ParseWarning[],
): OccupancyRecord[] {
  const statuses = [
    ...childrenNamed(part.element, 'parkingFacilityStatus'),
    // Some publishers (Cambridgeshire) group the facility statuses of a parking area in its parkingAreaStatus.
    ...childrenNamed(part.element, 'parkingAreaStatus').flatMap((area) => childrenNamed(area, 'parkingFacilityStatus')),
  ];
  return statuses.flatMap((status, index) => {
    const record = readFacilityStatus(status, index, part, format, warnings);
    return record ? [record] : [];
  });
}

function readFacilityStatus(
  status: XmlElement,
  index: number,
  part: Datex2Part,
  format: ParkingFormatOptions,
  warnings: ParseWarning[],
): OccupancyRecord | undefined {
  const localId = attr(firstChild(status, 'parkingFacilityReference'), 'id');
  if (localId === undefined) {
    warnings.push(missingId('parkingFacilityStatus', index));
    return undefined;
  }
  const fields = new XmlFieldReader(warnings, localId);
  // The element repeats its own name for the status values: direct children only.
  const rawStatuses = childrenNamed(status, 'parkingFacilityStatus')
    .map((s) => s.text)
    .filter((s) => s !== '');
  return compact({
    localId,
    ...occupancyFigures(
      {
        vacant: fields.count(status, 'totalNumberOfVacantParkingSpaces'),
        occupied: fields.count(status, 'totalNumberOfOccupiedParkingSpaces'),
        capacity: fields.count(status, 'totalParkingCapacityOverride'),
      },
      rawStatuses.some(isOccupancyUnknown),
    ),
    status: combineStatuses(rawStatuses, format.statusValues, fields),
    // Kept even when it is the 1970 epoch some facilities report: the pipeline then sees the reading as stale.
    observedAt: fields.time(status, 'parkingFacilityStatusTime') ?? part.publishedAt,
  });
}

/**
 * The matching 2.0 table: parkingFacilityTablePublication/parkingFacilityTable/parkingFacility. The
 * position is facilityLocation's (any location form), else entranceLocation's, else any the facility
 * carries. `parkingArea` elements of the table (an area grouping facilities) are not read as car parks.
 * Details (owner, height, charging and restricted places): datex2-facility-details.ts; opening times
 * (its `openingTimes/period`s): datex2-opening-hours.ts.
 */
export function readLegacyTable(part: Datex2Part, warnings: ParseWarning[]): FacilityRecord[] {
  const facilities = childrenNamed(part.element, 'parkingFacilityTable').flatMap((t) =>
    childrenNamed(t, 'parkingFacility'),
  );
  return facilities.flatMap((facility, index) => {
    const localId = attr(facility, 'id');
    if (localId === undefined) {
      warnings.push(missingId('parkingFacility', index));
      return [];
    }
    const fields = new XmlFieldReader(warnings, localId);
    const disabledCapacity = disabledSpaces(facility, fields);
    return [
      compact({
        localId,
        name: multilingualText(firstChild(facility, 'parkingFacilityName'), part.lang),
        kind: siteKind(facility),
        location: firstLocated(
          [firstChild(facility, 'facilityLocation'), firstChild(facility, 'entranceLocation'), facility],
          fields,
        ),
        capacity: fields.count(facility, 'totalParkingCapacity'),
        disabledCapacity,
        disabledPresent: disabledPresent(facility, disabledCapacity),
        openingHours: facilityOpeningHours(facility),
        ...facilityDetails(facility, fields, part.lang),
      }),
    ];
  });
}

function missingId(element: string, index: number): ParseWarning {
  return {
    code: 'MISSING_ID',
    message: `${element} without id skipped`,
    ref: `${element}[${index}]`,
  };
}
