import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ParkingParseResult } from '../../../parking/parking.model.js';
import { datex2Adapter } from './datex2.adapter.js';

/*
 * Facility details of the DATEX II 2.0 parkingFacilityTablePublication. No copy of that extension's
 * schema was found, and the one real 2.0 table here (Cambridgeshire's excerpt) carries no details, so
 * the table below is written by hand after the element names that readers of real 2.0 feeds use
 * (ParkenDD/parkapi-sources-v3's Stuttgart converter and a 2025 converter of the same repository:
 * `owner/contactName`, `characteristicsOfPermittedVehicles/heightCharacteristic` with
 * comparisonOperator and vehicleHeight in metres, `assignedParkingSpaces/assignedParkingSpaces/
 * descriptionOfAssignedParkingSpaces` with personTypeForWhichSpacesAssigned disabled / women /
 * families or characteristicsOfVehiclesForWhichSpacesAssigned/fuelType battery, and
 * numberOfAssignedParkingSpaces). Names, ids and values are invented.
 */

const V2 = 'http://datex2.eu/schema/2/2_0';
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

const assigned = (index: number, description: string, count: number) =>
  `<assignedParkingSpaces index="${index}"><assignedParkingSpaces><descriptionOfAssignedParkingSpaces>${description}` +
  `</descriptionOfAssignedParkingSpaces><numberOfAssignedParkingSpaces>${count}</numberOfAssignedParkingSpaces>` +
  `</assignedParkingSpaces></assignedParkingSpaces>`;
const person = (type: string) => `<personTypeForWhichSpacesAssigned>${type}</personTypeForWhichSpacesAssigned>`;
const height = (operator: string, metres: string) =>
  `<characteristicsOfPermittedVehicles><heightCharacteristic><comparisonOperator>${operator}</comparisonOperator>` +
  `<vehicleHeight>${metres}</vehicleHeight></heightCharacteristic></characteristicsOfPermittedVehicles>`;

const facility = (id: string, inner: string) =>
  `<parkingFacility id="${id}" version="1"><parkingFacilityName>Parkhaus ${id}</parkingFacilityName>` +
  `<parkingFacilityRecordVersionTime>2025-01-01T00:00:00</parkingFacilityRecordVersionTime>` +
  `<totalParkingCapacity>400</totalParkingCapacity>${inner}</parkingFacility>`;

const table = (...facilities: string[]) =>
  `<d2LogicalModel xmlns="${V2}" xmlns:xsi="${XSI}" modelBaseVersion="2">` +
  `<payloadPublication lang="de" xsi:type="GenericPublication"><publicationTime>2025-01-01T10:00:00Z</publicationTime>` +
  `<genericPublicationName>ParkingFacilityTablePublication</genericPublicationName><genericPublicationExtension>` +
  `<parkingFacilityTablePublication><parkingFacilityTable>${facilities.join('')}</parkingFacilityTable>` +
  `</parkingFacilityTablePublication></genericPublicationExtension></payloadPublication></d2LogicalModel>`;

function parse(xml: string): ParkingParseResult {
  return datex2Adapter.parse(Buffer.from(xml, 'utf8'), {
    sourceId: 'd',
    receivedAt: new Date('2025-01-01T10:00:00Z'),
    format: {},
  });
}

describe('datex2 2.0 parkingFacilityTablePublication: facility details (hand-written table)', () => {
  it('reads the owner, the permitted height, charging places and places for women and families', () => {
    const result = parse(
      table(
        facility(
          'A',
          '<owner><contactName>Parkraumgesellschaft Beispiel mbH</contactName></owner>' +
            height('lessThan', '2.10') +
            assigned(1, person('disabled'), 8) +
            assigned(2, person('women'), 20) +
            assigned(3, person('families'), 12) +
            assigned(
              4,
              '<characteristicsOfVehiclesForWhichSpacesAssigned><fuelType>battery</fuelType></characteristicsOfVehiclesForWhichSpacesAssigned>',
              6,
            ),
        ),
      ),
    );
    expect(result.warnings).toEqual([]);
    expect(result.facilities).toEqual([
      {
        localId: 'A',
        name: 'Parkhaus A',
        kind: 'car-park',
        capacity: 400,
        disabledCapacity: 8,
        // fuelType battery: 6
        evChargingCapacity: 6,
        // women 20, families 12
        restrictedCapacity: { women: 20, family: 12 },
        // lessThan 2.10 m
        maxHeightCm: 210,
        operatorName: 'Parkraumgesellschaft Beispiel mbH',
      },
    ]);
  });

  it('sums two groups of one kind, takes the lowest of two heights, reads a multilingual owner name', () => {
    const result = parse(
      table(
        facility(
          'B',
          '<owner><contactName><values><value lang="en">Example Parking</value><value lang="de">Beispiel Parken</value>' +
            '</values></contactName></owner>' +
            height('lessThanOrEqualTo', '2.0') +
            height('lessThan', '1.9') +
            assigned(1, person('women'), 5) +
            assigned(2, person('women'), 7),
        ),
      ),
    );
    expect(result.facilities[0]).toMatchObject({
      restrictedCapacity: { women: 12 },
      maxHeightCm: 190,
      operatorName: 'Beispiel Parken',
    });
  });

  it('reads no height from a comparison that does not bar higher vehicles, and nothing from empty elements', () => {
    const result = parse(
      table(
        facility(
          'C',
          '<owner><contactName> </contactName></owner>' +
            height('greaterThan', '2.0') +
            height('lessThan', 'x') +
            assigned(1, person('elderly'), 4) +
            assigned(2, person('constructor'), 3),
        ),
      ),
    );
    expect(result.facilities).toEqual([{ localId: 'C', name: 'Parkhaus C', kind: 'car-park', capacity: 400 }]);
  });

  it('a disabled or battery group without numberOfAssignedParkingSpaces: such places are present, uncounted', () => {
    const uncounted = (index: number, description: string) =>
      `<assignedParkingSpaces index="${index}"><assignedParkingSpaces><descriptionOfAssignedParkingSpaces>` +
      `${description}</descriptionOfAssignedParkingSpaces></assignedParkingSpaces></assignedParkingSpaces>`;
    const battery =
      '<characteristicsOfVehiclesForWhichSpacesAssigned><fuelType>battery</fuelType></characteristicsOfVehiclesForWhichSpacesAssigned>';
    const result = parse(
      table(
        facility('D', uncounted(1, person('disabled')) + uncounted(2, battery)),
        // a count wins over an uncounted group of the same kind
        facility('E', uncounted(1, person('disabled')) + assigned(2, person('disabled'), 3) + assigned(3, battery, 0)),
      ),
    );
    expect(result.warnings).toEqual([]);
    expect(
      result.facilities.map((f) => [
        f.localId,
        f.disabledCapacity,
        f.disabledPresent,
        f.evChargingCapacity,
        f.evChargingPresent,
      ]),
    ).toEqual([
      ['D', undefined, true, undefined, true],
      ['E', 3, undefined, 0, undefined],
    ]);
  });

  it("the real 2.0 table here (Cambridgeshire's excerpt) carries none of them and gets none", () => {
    const bytes = readFileSync(
      path.join(process.cwd(), 'test/fixtures/datex2/cambridgeshire-parkingfacilitytable-v2-excerpt.xml'),
    );
    expect(bytes.toString('utf8')).not.toMatch(/<owner|characteristicsOf|<assignedParkingSpaces[ >]/);
    const [grandArcade] = parse(bytes.toString('utf8')).facilities;
    for (const key of ['operatorName', 'maxHeightCm', 'evChargingCapacity', 'restrictedCapacity']) {
      expect(Object.keys(grandArcade ?? {})).not.toContain(key);
    }
  });
});
