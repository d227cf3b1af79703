import type { FacilityRecord, ParseWarning } from '../../../parking/parking.model.js';
import { attr, childrenNamed, firstChild } from '../xml/xml-element.js';
import type { XmlElement } from '../xml/xml-element.js';
import { XmlFieldReader } from '../xml/xml-values.js';
import { siteAddress } from './datex2-address.js';
import { compact, multilingualText } from './datex2-common.js';
import { contactDetailsById, recordDetails } from './datex2-details.js';
import type { Datex2Part } from './datex2-document.js';
import { accessLocations, firstLocated } from './datex2-location.js';
import { openingHours } from './datex2-opening-hours.js';
import { disabledPresent, disabledSpaces, siteKind } from './datex2-site.js';

/**
 * ParkingTablePublication (v2.x and v3 share the element names) → facilities.
 * Every parkingRecord subtype is read the same way: ParkingSite, UrbanParkingSite,
 * InterUrbanParkingSite and GroupOfParkingSites all carry id, parkingName,
 * parkingNumberOfSpaces and parkingLocation; their fees, height limit, charging points, operator,
 * park-and-ride and page are datex2-details.ts', a site's address (parkingSiteAddress)
 * datex2-address.ts'. The position is parkingLocation's (any form, datex2-location.ts), else the
 * record's entireArea (2.3), else its first entrance (parkingAccess).
 */
export function readParkingTable(part: Datex2Part, warnings: ParseWarning[]): FacilityRecord[] {
  const records = childrenNamed(part.element, 'parkingTable').flatMap((t) => childrenNamed(t, 'parkingRecord'));
  const contacts = contactDetailsById(part.element);
  return records.flatMap((record, index) => {
    const facility = readParkingRecord(record, index, part, contacts, warnings);
    return facility ? [facility] : [];
  });
}

function readParkingRecord(
  record: XmlElement,
  index: number,
  part: Datex2Part,
  contacts: ReadonlyMap<string, XmlElement>,
  warnings: ParseWarning[],
): FacilityRecord | undefined {
  const localId = attr(record, 'id');
  if (localId === undefined) {
    warnings.push({
      code: 'MISSING_ID',
      message: 'parkingRecord without id skipped',
      ref: `parkingRecord[${index}]`,
    });
    return undefined;
  }
  const fields = new XmlFieldReader(warnings, localId);
  const disabledCapacity = disabledSpaces(record, fields);
  return compact({
    localId,
    name: multilingualText(firstChild(record, 'parkingName'), part.lang),
    kind: siteKind(record),
    location: firstLocated(
      [firstChild(record, 'parkingLocation'), firstChild(record, 'entireArea'), ...accessLocations(record)],
      fields,
    ),
    address: siteAddress(record, part.lang),
    capacity: fields.count(record, 'parkingNumberOfSpaces'),
    disabledCapacity,
    disabledPresent: disabledPresent(record, disabledCapacity),
    openingHours: openingHours(record),
    ...recordDetails(record, fields, part.lang, contacts),
  });
}
