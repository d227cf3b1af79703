import type { ParkingParseResult } from '../../../parking/parking.model.js';
import { datex2Adapter } from './datex2.adapter.js';

/*
 * The longest stay allowed at a parking record: ParkingRecord.maximumParkingDuration (com:Seconds) of
 * the 3.0 Parking XSD, after parkingNumberOfSpaces; the 2.3 element has the same name. No real file
 * found carries it: written by hand after the XSD, values invented. A group's or a space's own
 * maximumParkingDuration (ParkingSpaceBasics) is about those places, not the record.
 */

const NS =
  'xmlns="http://datex2.eu/schema/3/messageContainer" xmlns:com="http://datex2.eu/schema/3/common" ' +
  'xmlns:par="http://datex2.eu/schema/3/parking" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';

const record = (id: string, inner: string) =>
  `<par:parkingRecord xsi:type="par:UrbanParkingSite" id="${id}" version="1">` +
  `<par:parkingRecordVersionTime>2025-03-01T06:00:00Z</par:parkingRecordVersionTime>` +
  `<par:parkingNumberOfSpaces>40</par:parkingNumberOfSpaces>${inner}` +
  `<par:urbanParkingSiteType>onStreetParking</par:urbanParkingSiteType></par:parkingRecord>`;

const duration = (seconds: string) => `<par:maximumParkingDuration>${seconds}</par:maximumParkingDuration>`;

const table = (...records: string[]) =>
  `<messageContainer ${NS} modelBaseVersion="3"><payload xsi:type="par:ParkingTablePublication" lang="de" modelBaseVersion="3">` +
  `<com:publicationTime>2025-03-01T06:00:00Z</com:publicationTime><par:parkingTable id="T" version="1">` +
  `<par:parkingTableVersionTime>2025-03-01T06:00:00Z</par:parkingTableVersionTime>${records.join('')}` +
  `</par:parkingTable></payload></messageContainer>`;

function parse(xml: string): ParkingParseResult {
  return datex2Adapter.parse(Buffer.from(xml, 'utf8'), {
    sourceId: 'm',
    receivedAt: new Date('2025-03-01T06:00:00Z'),
    format: {},
  });
}

describe('datex2 maximumParkingDuration → maxStayMinutes (hand-written after the 3.0 Parking XSD)', () => {
  it('reads the record’s seconds as whole minutes; part minutes, 0 and a group’s duration say nothing', () => {
    const result = parse(
      table(
        record('two-hours', duration('7200')),
        record('decimal', duration('5400.0')),
        record('part', duration('90')),
        record('zero', duration('0')),
        record(
          'group-only',
          `<par:groupOfParkingSpaces groupIndex="1"><par:parkingSpaceBasics xsi:type="par:GroupOfParkingSpaces">` +
            `${duration('1800')}<par:parkingNumberOfSpaces>4</par:parkingNumberOfSpaces></par:parkingSpaceBasics></par:groupOfParkingSpaces>`,
        ),
      ),
    );
    expect(result.facilities.map((f) => [f.localId, f.maxStayMinutes])).toEqual([
      ['two-hours', 120],
      ['decimal', 90],
      ['part', undefined],
      ['zero', undefined],
      ['group-only', undefined],
    ]);
  });
});
