import type { ParkingStatus } from '../../../parking/parking.model.js';
import type { ParkingFormatOptions } from '../parking-format-adapter.js';
import { ownValue } from '../../../common/own-key.js';

/**
 * SIRI FacilityStatusEnumeration (siri_facility.xsd, SIRI 2.1) → canonical status. Keys lower-cased.
 * - notAvailable → full: for a counted car park "not available" means no bay can be taken now.
 *   The South Tyrol producer (Open Data Hub transmodel-api, src/siri/parking.go) emits it exactly
 *   when free == 0. A source whose notAvailable means "closed" overrides it in its YAML:
 *   `statusValues: { closed: [notAvailable] }`.
 * - partiallyAvailable → open (few bays left; that producer uses it for free ≤ 10).
 * - added/removed are change markers: removed → closed, added says nothing about occupancy.
 */
const BUILT_IN: Readonly<Record<string, ParkingStatus>> = {
  available: 'open',
  partiallyavailable: 'open',
  notavailable: 'full',
  unknown: 'unknown',
  removed: 'closed',
  added: 'unknown',
};

export function siriStatus(raw: string, overrides: ParkingFormatOptions['statusValues']): ParkingStatus | undefined {
  const key = raw.trim().toLowerCase();
  for (const [status, values] of Object.entries(overrides ?? {})) {
    if (values?.some((v) => v.trim().toLowerCase() === key)) return status as ParkingStatus;
  }
  return ownValue(BUILT_IN, key);
}
