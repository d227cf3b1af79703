import type { ParkingParseResult } from '../../../parking/parking.model.js';
import { datex2Adapter } from './datex2.adapter.js';

/*
 * A parkingRecord's operator given by reference. In the 3.0 Parking XSD a Contact is a ContactDetails
 * (id, version, contactOrganisationName, ...) or a ContactByReference whose `contactReference` (a
 * versioned reference, targetClass ContactDetails) names one by id; the Belgian national profile asks
 * sites to refer so to the operator ContactDetails published once on their GroupOfParkingSites
 * (cc.its.be, "Off-street parking operator contact information"). No real file found does it: written
 * by hand after the XSD; names and ids invented.
 */

const NS =
  'xmlns="http://datex2.eu/schema/3/messageContainer" xmlns:com="http://datex2.eu/schema/3/common" ' +
  'xmlns:par="http://datex2.eu/schema/3/parking" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';

const record = (type: string, id: string, inner: string) =>
  `<par:parkingRecord xsi:type="par:${type}" id="${id}" version="1">` +
  `<par:parkingRecordVersionTime>2025-03-01T06:00:00Z</par:parkingRecordVersionTime>${inner}</par:parkingRecord>`;

const byReference = (id: string) =>
  `<par:operator xsi:type="par:ContactByReference">` +
  `<par:contactReference targetClass="par:ContactDetails" id="${id}" version="1"/></par:operator>`;

const TABLE =
  `<messageContainer ${NS} modelBaseVersion="3"><payload xsi:type="par:ParkingTablePublication" lang="nl" modelBaseVersion="3">` +
  `<com:publicationTime>2025-03-01T06:00:00Z</com:publicationTime><par:parkingTable id="T" version="1">` +
  `<par:parkingTableVersionTime>2025-03-01T06:00:00Z</par:parkingTableVersionTime>` +
  record(
    'GroupOfParkingSites',
    'group',
    `<par:operator xsi:type="par:ContactDetails" id="op-gent" version="1"><par:contactOrganisationName><com:values>` +
      `<com:value lang="nl">Parkeerbedrijf Voorbeeld</com:value><com:value lang="fr">Société de parking Exemple</com:value>` +
      `</com:values></par:contactOrganisationName></par:operator>`,
  ) +
  record(
    'UrbanParkingSite',
    'site-1',
    byReference('op-gent') + `<par:urbanParkingSiteType>offStreetParking</par:urbanParkingSiteType>`,
  ) +
  record(
    'UrbanParkingSite',
    'site-2',
    byReference('op-unknown') + `<par:urbanParkingSiteType>offStreetParking</par:urbanParkingSiteType>`,
  ) +
  `</par:parkingTable></payload></messageContainer>`;

function parse(xml: string): ParkingParseResult {
  return datex2Adapter.parse(Buffer.from(xml, 'utf8'), {
    sourceId: 'be',
    receivedAt: new Date('2025-03-01T06:00:00Z'),
    format: {},
  });
}

describe('datex2 operator by reference (ContactByReference → a ContactDetails of the same document)', () => {
  it('takes the referenced ContactDetails name; a reference to no ContactDetails here names nobody', () => {
    const result = parse(TABLE);
    expect(result.facilities.map((f) => [f.localId, f.operatorName])).toEqual([
      ['group', 'Parkeerbedrijf Voorbeeld'],
      // the publication's language, nl
      ['site-1', 'Parkeerbedrijf Voorbeeld'],
      ['site-2', undefined],
    ]);
  });
});
