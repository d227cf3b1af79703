import type { OccupancyRecord, ParseWarning } from '../../../parking/parking.model.js';
import type { ParkingFormatOptions } from '../parking-format-adapter.js';
import { attr, childText, childrenNamed, firstChild, type XmlElement } from '../xml/xml-element.js';
import { XmlFieldReader } from '../xml/xml-values.js';
import { compact } from './datex2-common.js';
import { CHARGING_FREE, vacantOfIndexed } from './datex2-details.js';
import type { Datex2Part } from './datex2-document.js';
import { combineStatuses, isOccupancyUnknown } from './datex2-status-values.js';
import { occupancyFigures } from './datex2-occupancy.js';

/**
 * What a status names by index only, read from the tables of the same document, per parkingRecord id:
 * the groupIndex of its v3 groups of spaces for disabled users, the equipmentOrServiceFacilityIndex
 * of its charging stations.
 */
export interface Datex2TableIndexes {
  disabledGroups: ReadonlyMap<string, ReadonlySet<string>>;
  chargingEquipment: ReadonlyMap<string, ReadonlySet<string>>;
}

/**
 * ParkingStatusPublication (v2.x and v3) → observations, one per parkingRecordStatus
 * (ParkingSiteStatus or GroupOfParkingSitesStatus). localId is parkingRecordReference/@id,
 * which is the parkingRecord/@id of the matching ParkingTablePublication.
 */
export function readParkingStatus(
  part: Datex2Part,
  format: ParkingFormatOptions,
  warnings: ParseWarning[],
  indexes: Datex2TableIndexes = { disabledGroups: new Map(), chargingEquipment: new Map() },
): OccupancyRecord[] {
  return childrenNamed(part.element, 'parkingRecordStatus').flatMap((status, index) => {
    const record = readRecordStatus(status, index, part, format, warnings, indexes);
    return record ? [record] : [];
  });
}

/**
 * v3: free places for disabled users, the vacant count of the record's groupOfParkingSpacesStatus
 * whose groupIndex the table gives to a group for disabled users (summed over such groups).
 */
const DISABLED_FREE = {
  wrapper: 'groupOfParkingSpacesStatus',
  index: 'groupIndex',
  count: 'parkingNumberOfVacantSpaces',
} as const;

function readRecordStatus(
  status: XmlElement,
  index: number,
  part: Datex2Part,
  format: ParkingFormatOptions,
  warnings: ParseWarning[],
  indexes: Datex2TableIndexes,
): OccupancyRecord | undefined {
  const localId = attr(firstChild(status, 'parkingRecordReference'), 'id');
  if (localId === undefined) {
    warnings.push({
      code: 'MISSING_ID',
      message: 'parkingRecordStatus without parkingRecordReference id skipped',
      ref: `parkingRecordStatus[${index}]`,
    });
    return undefined;
  }
  const fields = new XmlFieldReader(warnings, localId);
  const occupancy = firstChild(status, 'parkingOccupancy');
  const siteStatus = childText(status, 'parkingSiteStatus');
  const openingStatus = childText(status, 'parkingSiteOpeningStatus');
  const rawStatuses = [siteStatus, openingStatus].filter((s): s is string => s !== undefined);
  return compact({
    localId,
    ...occupancyFigures(
      {
        vacant: fields.count(occupancy, 'parkingNumberOfVacantSpaces'),
        occupied: fields.count(occupancy, 'parkingNumberOfOccupiedSpaces'),
        capacity: fields.count(occupancy, 'parkingNumberOfSpacesOverride'),
      },
      isOccupancyUnknown(siteStatus),
    ),
    status: combineStatuses(rawStatuses, format.statusValues, fields),
    observedAt: fields.time(status, 'parkingStatusOriginTime') ?? part.publishedAt,
    disabledFree: vacantOfIndexed(status, DISABLED_FREE, indexes.disabledGroups.get(localId), fields),
    evChargingFree: vacantOfIndexed(status, CHARGING_FREE, indexes.chargingEquipment.get(localId), fields),
  });
}
