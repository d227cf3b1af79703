import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ParkingParseResult } from '../../../parking/parking.model.js';
import { datex2Adapter } from './datex2.adapter.js';

/*
 * Facility details from a DATEX II parkingRecord. The real v2.x tables with details in
 * test/fixtures/datex2/ (NDW's and CITA's, datex2-facility-real.spec.ts) carry a fee flag, a page,
 * one hourly price, charging equipment without counts and operator names, but no height restriction,
 * charging point count, park-and-ride or record urlLinkAddress, so the document below was written by
 * hand after the DATEX II 3.0 Parking schema as read (DATEXII_3_Parking.xsd, version 3.0: ParkingRecord's element order urlLinkAddress,
 * operator, parkingLocation, onlyAssignedParking, prohibitedParking, tariffsAndPayment,
 * parkingEquipmentOrServiceFacility; ParkingSite's parkingLayout, parkingUsageScenario, parkingAccess;
 * TariffsAndPayment, ChargeBand, Charge, ContactDetails, Equipment, ElectricCharging, ParkingAccess;
 * com:VehicleCharacteristics' heightCharacteristic). Names, ids and values are invented.
 */

const NS =
  'xmlns="http://datex2.eu/schema/3/messageContainer" xmlns:com="http://datex2.eu/schema/3/common" ' +
  'xmlns:loc="http://datex2.eu/schema/3/locationReferencing" xmlns:par="http://datex2.eu/schema/3/parking" ' +
  'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';

const point = (lat: number, lon: number) =>
  `<par:parkingLocation xsi:type="loc:PointLocation"><loc:pointByCoordinates><loc:pointCoordinates>` +
  `<loc:latitude>${lat}</loc:latitude><loc:longitude>${lon}</loc:longitude>` +
  `</loc:pointCoordinates></loc:pointByCoordinates></par:parkingLocation>`;

const height = (operator: string, metres: string) =>
  `<com:vehicleCharacteristics><com:heightCharacteristic><com:comparisonOperator>${operator}</com:comparisonOperator>` +
  `<com:vehicleHeight>${metres}</com:vehicleHeight></com:heightCharacteristic></com:vehicleCharacteristics>`;

const equipment = (index: number, inner: string) =>
  `<par:parkingEquipmentOrServiceFacility equipmentOrServiceFacilityIndex="${index}">` +
  `<par:parkingEquipmentOrServiceFacility xsi:type="par:Equipment">${inner}</par:parkingEquipmentOrServiceFacility>` +
  `</par:parkingEquipmentOrServiceFacility>`;

const record = (id: string, name: string, spaces: number, recordPart: string, sitePart: string) =>
  `<par:parkingRecord xsi:type="par:UrbanParkingSite" id="${id}" version="1">` +
  `<par:parkingName><com:values><com:value lang="de">${name}</com:value></com:values></par:parkingName>` +
  `<par:parkingRecordVersionTime>2025-03-01T06:00:00+01:00</par:parkingRecordVersionTime>` +
  `<par:parkingNumberOfSpaces>${spaces}</par:parkingNumberOfSpaces>` +
  recordPart +
  sitePart +
  `<par:urbanParkingSiteType>offStreetParking</par:urbanParkingSiteType></par:parkingRecord>`;

const TABLE =
  `<messageContainer ${NS} modelBaseVersion="3"><payload xsi:type="par:ParkingTablePublication" lang="de" modelBaseVersion="3">` +
  `<com:publicationTime>2025-03-01T06:00:00+01:00</com:publicationTime>` +
  `<par:parkingTable id="T" version="1"><par:parkingTableVersionTime>2025-03-01T06:00:00+01:00</par:parkingTableVersionTime>` +
  record(
    'a',
    'Parkhaus Test',
    300,
    `<par:urlLinkAddress>https://example.org/parking/a</par:urlLinkAddress>` +
      `<par:operator xsi:type="par:ContactDetails" id="op1" version="1"><par:contactOrganisationName><com:values>` +
      `<com:value lang="en">Example Utilities</com:value><com:value lang="de">Stadtwerke Beispiel GmbH</com:value>` +
      `</com:values></par:contactOrganisationName></par:operator>` +
      point(48.1, 11.5) +
      `<par:prohibitedParking>${height('greaterThan', '1.95')}</par:prohibitedParking>` +
      `<par:tariffsAndPayment><par:acceptedMeansOfPayment>cash</par:acceptedMeansOfPayment>` +
      `<par:paymentAdditionalDescription><com:values><com:value lang="de">1 € je angefangene Stunde, Tageshöchstsatz 8 €</com:value></com:values></par:paymentAdditionalDescription>` +
      `<par:urlLinkAddress>https://example.org/tarife</par:urlLinkAddress>` +
      `<par:chargeBand id="cb1" version="1"><par:chargeCurrency>eur</par:chargeCurrency>` +
      `<par:charge><par:charge>1.00</par:charge><par:chargeInterval>3600</par:chargeInterval><par:chargeType>additionalIntervalPrice</par:chargeType></par:charge>` +
      `<par:charge><par:charge>8.00</par:charge><par:chargeInterval>86400</par:chargeInterval><par:chargeType>maximum</par:chargeType></par:charge>` +
      `</par:chargeBand></par:tariffsAndPayment>` +
      equipment(
        1,
        `<par:numberOfEquipmentOrServiceFacility>3</par:numberOfEquipmentOrServiceFacility>` +
          `<par:equipmentType>electricChargingStation</par:equipmentType>` +
          `<par:electricCharging><par:chargingStationUsageType>electricVehicle</par:chargingStationUsageType>` +
          `<par:numberOfChargingPoints>6</par:numberOfChargingPoints></par:electricCharging>`,
      ) +
      equipment(
        2,
        `<par:numberOfEquipmentOrServiceFacility>2</par:numberOfEquipmentOrServiceFacility><par:equipmentType>toilet</par:equipmentType>`,
      ) +
      equipment(
        3,
        `<par:numberOfEquipmentOrServiceFacility>2</par:numberOfEquipmentOrServiceFacility><par:equipmentType>electricChargingStation</par:equipmentType>`,
      ),
    `<par:parkingLayout>multiStorey</par:parkingLayout>`,
  ) +
  record(
    'b',
    'P+R Test',
    80,
    `<par:operator xsi:type="par:ContactDetails" id="op2" version="1"><par:contactPersonName>M. Muster</par:contactPersonName></par:operator>` +
      point(48.2, 11.6) +
      `<par:tariffsAndPayment><par:freeOfCharge>true</par:freeOfCharge></par:tariffsAndPayment>`,
    `<par:parkingLayout>singleLevel</par:parkingLayout><par:parkingUsageScenario scenarioIndex="1"><par:parkingUsageScenario>` +
      `<par:parkingUsageScenario>parkAndRide</par:parkingUsageScenario></par:parkingUsageScenario></par:parkingUsageScenario>`,
  ) +
  record(
    'c',
    'Tiefgarage Test',
    120,
    point(48.3, 11.7) +
      `<par:onlyAssignedParking>${height('lessThan', '2.10')}</par:onlyAssignedParking>` +
      `<par:tariffsAndPayment><par:freeOfCharge>false</par:freeOfCharge></par:tariffsAndPayment>`,
    `<par:parkingLayout>underground</par:parkingLayout>` +
      `<par:parkingAccess id="c-in"><par:accessCategory>vehicleEntrance</par:accessCategory>` +
      `<par:accessProhibitedFor>${height('greaterThan', '2.00')}</par:accessProhibitedFor></par:parkingAccess>`,
  ) +
  `</par:parkingTable></payload></messageContainer>`;

function parse(bytes: Buffer): ParkingParseResult {
  return datex2Adapter.parse(bytes, { sourceId: 'test', receivedAt: new Date('2025-03-01T06:00:00Z'), format: {} });
}

describe('DATEX II facility details (hand-written after the 3.0 Parking XSD, not operator data)', () => {
  const result = parse(Buffer.from(TABLE, 'utf8'));

  it('reads fees, height limit, charging points, operator, page and park-and-ride', () => {
    expect(result.warnings).toEqual([]);
    expect(result.facilities).toEqual([
      {
        localId: 'a',
        name: 'Parkhaus Test',
        kind: 'car-park',
        location: { lat: 48.1, lon: 11.5 },
        capacity: 300,
        // electricChargingStation 1: numberOfChargingPoints 6 (not its 3 stations); 3: 2 stations, no points given
        evChargingCapacity: 8,
        fees: {
          // no freeOfCharge: a charge above 0 is a fee
          hasFee: true,
          description: '1 € je angefangene Stunde, Tageshöchstsatz 8 €',
          url: 'https://example.org/tarife',
          // the daily maximum (chargeType maximum) is not a time price
          prices: [{ minutes: 60, amount: 1, currency: 'EUR' }],
        },
        // prohibitedParking: vehicles greater than 1.95 m
        maxHeightCm: 195,
        // the publication language (de) among the organisation's names
        operatorName: 'Stadtwerke Beispiel GmbH',
        url: 'https://example.org/parking/a',
      },
      {
        localId: 'b',
        name: 'P+R Test',
        kind: 'park-and-ride',
        location: { lat: 48.2, lon: 11.6 },
        capacity: 80,
        fees: { hasFee: false },
        parkAndRide: true,
        operatorName: 'M. Muster',
      },
      {
        localId: 'c',
        name: 'Tiefgarage Test',
        kind: 'car-park',
        location: { lat: 48.3, lon: 11.7 },
        capacity: 120,
        fees: { hasFee: true },
        // the lower of onlyAssignedParking lessThan 2.10 m and the entrance's accessProhibitedFor greaterThan 2.00 m
        maxHeightCm: 200,
      },
    ]);
  });

  it('a charging station count that is not a whole number is a warning, the rest of the record still read', () => {
    const bad = parse(
      Buffer.from(TABLE.replace('<par:numberOfChargingPoints>6<', '<par:numberOfChargingPoints>six<'), 'utf8'),
    );
    expect(bad.warnings).toEqual([
      { code: 'INVALID_NUMBER', message: 'numberOfChargingPoints "six" is not an integer', ref: 'a' },
    ]);
    // station 1 falls back to its numberOfEquipmentOrServiceFacility (3), station 3 gives 2
    expect(bad.facilities[0]).toMatchObject({ localId: 'a', evChargingCapacity: 5, maxHeightCm: 195 });
  });

  it('reads free charging points from a status beside the table: vacant subitems of the charging equipment, by index', () => {
    // ParkingRecordStatus.parkingEquipmentOrServiceFacilityStatus (indexed by equipmentOrServiceFacilityIndex,
    // holding a ParkingEquipmentOrServiceFacilityStatus), after parkingOccupancy; index 2 is the toilet of record a.
    const equipmentStatus = (index: number, vacant: number) =>
      `<par:parkingEquipmentOrServiceFacilityStatus equipmentOrServiceFacilityIndex="${index}">` +
      `<par:parkingEquipmentOrServiceFacilityStatus><par:vacantEquipmentOrServiceFacilitySubitems>${vacant}` +
      `</par:vacantEquipmentOrServiceFacilitySubitems></par:parkingEquipmentOrServiceFacilityStatus>` +
      `</par:parkingEquipmentOrServiceFacilityStatus>`;
    const status =
      `<payload xsi:type="par:ParkingStatusPublication" lang="de" modelBaseVersion="3">` +
      `<com:publicationTime>2025-03-01T08:00:00+01:00</com:publicationTime>` +
      `<par:parkingRecordStatus xsi:type="par:ParkingSiteStatus">` +
      `<par:parkingRecordReference targetClass="par:ParkingRecord" id="a" version="1"/>` +
      `<par:parkingStatusOriginTime>2025-03-01T07:59:00+01:00</par:parkingStatusOriginTime>` +
      `<par:parkingOccupancy><par:parkingNumberOfVacantSpaces>120</par:parkingNumberOfVacantSpaces></par:parkingOccupancy>` +
      equipmentStatus(1, 4) +
      equipmentStatus(2, 1) +
      equipmentStatus(3, 1) +
      `</par:parkingRecordStatus>` +
      `<par:parkingRecordStatus xsi:type="par:ParkingSiteStatus">` +
      `<par:parkingRecordReference targetClass="par:ParkingRecord" id="b" version="1"/>` +
      `<par:parkingStatusOriginTime>2025-03-01T07:59:00+01:00</par:parkingStatusOriginTime>` +
      `<par:parkingOccupancy><par:parkingNumberOfVacantSpaces>30</par:parkingNumberOfVacantSpaces></par:parkingOccupancy>` +
      equipmentStatus(1, 3) +
      `</par:parkingRecordStatus></payload>`;
    const both = parse(Buffer.from(TABLE.replace('</messageContainer>', `${status}</messageContainer>`), 'utf8'));
    expect(both.warnings).toEqual([]);
    expect(both.observations).toEqual([
      // charging stations 1 and 3: 4 + 1 (not the toilet's 1)
      { localId: 'a', free: 120, observedAt: new Date('2025-03-01T06:59:00Z'), evChargingFree: 5 },
      // record b has no charging equipment in the table: its index 1 is not a charging station
      { localId: 'b', free: 30, observedAt: new Date('2025-03-01T06:59:00Z') },
    ]);
  });

  it('the real DATEX II files carry none of these elements, and get none of these fields', () => {
    const dir = path.join(process.cwd(), 'test/fixtures/datex2');
    // The real tables that carry details are tested on their values (datex2-facility-real.spec.ts):
    // Stuttgart's 2.0 facility table (height, owner, assigned places), NDW's and CITA's 2.3 tables
    // (tariffsAndPayment, equipment, operator).
    const withDetails = new Set([
      'stuttgart-parkingfacilitytable-v2-excerpt.xml',
      'ndw-truckparking-table-v2-excerpt.xml',
      'cita-parking-static-v2-excerpt.xml',
    ]);
    const real = readdirSync(dir).filter(
      (f) => f.endsWith('.xml') && !f.includes('handwritten') && !withDetails.has(f),
    );
    expect(real.length).toBeGreaterThanOrEqual(7);
    for (const file of real) {
      const bytes = readFileSync(path.join(dir, file));
      expect(bytes.toString('utf8')).not.toMatch(
        /tariffsAndPayment|heightCharacteristic|equipmentType|<[\w:]*operator\b/,
      );
      for (const facility of parse(bytes).facilities) {
        for (const key of ['fees', 'maxHeightCm', 'evChargingCapacity', 'operatorName', 'url', 'parkAndRide']) {
          expect([file, key, facility[key as keyof typeof facility]]).toEqual([file, key, undefined]);
        }
      }
    }
  });
});
