import type { ParkingStatus } from '../../../parking/parking.model.js';
import type { ParkingFormatOptions } from '../parking-format-adapter.js';
import type { XmlFieldReader } from '../xml/xml-values.js';
import { ownValue } from '../../../common/own-key.js';

/** Keys are lower-cased raw values. Sources: DATEX II ParkingSiteStatusEnum, OpeningStatusEnum (v2.x/v3) and the 2.0 parkingFacilityStatus values. */
const BUILT_IN: Readonly<Record<string, ParkingStatus>> = {
  // occupancy (ParkingSiteStatusEnum / parkingFacilityStatus)
  spacesavailable: 'open',
  almostfull: 'open',
  full: 'full',
  fullatentrance: 'full',
  unknown: 'unknown',
  statusunknown: 'unknown',
  other: 'unknown',
  // opening (OpeningStatusEnum / parkingSiteOpeningStatus)
  open: 'open',
  closed: 'closed',
  closedabnormal: 'closed',
  // "the published opening times apply": says nothing about now without evaluating them.
  openingtimesinforce: 'unknown',
};

/** Raw values meaning "the operator does not know the occupancy right now": counts beside them are not trusted. */
const OCCUPANCY_UNKNOWN = new Set(['unknown', 'statusunknown']);

/** A closed site is closed whatever its counters say; a full one is full even if "open". */
const PRIORITY: readonly ParkingStatus[] = ['closed', 'full', 'open', 'unknown'];

type StatusOverrides = ParkingFormatOptions['statusValues'];

export function isOccupancyUnknown(raw: string | undefined): boolean {
  return raw !== undefined && OCCUPANCY_UNKNOWN.has(raw.trim().toLowerCase());
}

/**
 * Maps every raw status value of one record (operator overrides from the source YAML first)
 * and keeps the most restrictive. Unrecognised values warn UNKNOWN_STATUS and count as 'unknown'.
 */
export function combineStatuses(
  raws: readonly string[],
  overrides: StatusOverrides,
  fields: XmlFieldReader,
): ParkingStatus | undefined {
  if (raws.length === 0) return undefined;
  const mapped = raws.map((raw) => {
    const status = mapStatus(raw, overrides);
    if (status === undefined) fields.warn('UNKNOWN_STATUS', `unknown DATEX II status "${raw}"`);
    return status ?? 'unknown';
  });
  return PRIORITY.find((s) => mapped.includes(s));
}

function mapStatus(raw: string, overrides: StatusOverrides): ParkingStatus | undefined {
  const key = raw.trim().toLowerCase();
  for (const [status, values] of Object.entries(overrides ?? {})) {
    if (values?.some((v) => v.trim().toLowerCase() === key)) return status as ParkingStatus;
  }
  return ownValue(BUILT_IN, key);
}
