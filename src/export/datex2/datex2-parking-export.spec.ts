import { datex2Adapter } from '../../ingest/formats/datex2/datex2.adapter.js';
import type { Parking } from '../../parking/parking.model.js';
import {
  baseParking,
  detailedParkings,
  disabledUsersParking,
  exportedAt,
  fullParkAndRide,
  readBackCtx,
} from './datex2-export.fixture.js';
import { toDatex2Parking } from './datex2-parking-export.js';

const parkings: Parking[] = [
  { ...baseParking, disabled: { capacity: 12, free: 5 } },
  { ...fullParkAndRide, disabled: { capacity: 6, free: 0 } },
  {
    ...baseParking,
    id: 'city:street',
    name: null,
    kind: 'on-street',
    status: 'closed',
    location: null,
    disabled: { capacity: 2, free: 1 },
  },
  { ...disabledUsersParking, disabled: { capacity: 4, free: null } },
  { ...baseParking, id: 'city:unk', status: 'unknown', free: null, occupied: null },
];

describe('DATEX II v3 parking export', () => {
  it('parses back through the datex2 adapter to the same values (table and status in one messageContainer)', () => {
    const xml = toDatex2Parking(parkings, exportedAt);
    expect(xml).toContain('<messageContainer xmlns="http://datex2.eu/schema/3/messageContainer"');
    const back = datex2Adapter.parse(Buffer.from(xml), readBackCtx);
    expect(back.warnings).toEqual([]);
    expect(back.publishedAt?.toISOString()).toBe(exportedAt.toISOString());
    // The schema requires a parkingLocation on every parkingRecord: a car park without one is in the status only.
    const located = parkings.filter((p) => p.location !== null);
    expect(located.length).toBe(parkings.length - 1);
    expect(back.facilities.map((f) => [f.localId, f.name, f.kind, f.capacity, f.location])).toEqual(
      located.map((p) => [p.id, p.name ?? undefined, p.kind, p.capacity ?? undefined, p.location]),
    );
    expect(xml).toContain('<exchangeInformation modelBaseVersion="3">');
    expect(xml.indexOf('<exchangeInformation')).toBeGreaterThan(xml.lastIndexOf('</payload>'));
    expect(
      back.observations.map((o) => [o.localId, o.free, o.occupied, o.status, o.observedAt?.toISOString()]),
    ).toEqual(parkings.map((p) => [p.id, p.free, p.occupied ?? undefined, p.status, p.observedAt]));
  });

  it('carries the disabled places as the v3 model does: a group of spaces for disabled users and its status', () => {
    const xml = toDatex2Parking(parkings, exportedAt);
    // ParkingRecord.groupOfParkingSpaces: _GroupOfParkingSpaces (groupIndex) > parkingSpaceBasics, an
    // abstract ParkingSpaceBasics, here a GroupOfParkingSpaces: its onlyAssignedParking (ParkingAssignment)
    // first, then parkingNumberOfSpaces and parkingTypeOfGroup (both required).
    const group = (n: number) =>
      '<par:groupOfParkingSpaces groupIndex="1"><par:parkingSpaceBasics xsi:type="par:GroupOfParkingSpaces">' +
      '<par:onlyAssignedParking><par:applicableForUser>disabled</par:applicableForUser></par:onlyAssignedParking>' +
      `<par:parkingNumberOfSpaces>${n}</par:parkingNumberOfSpaces><par:parkingTypeOfGroup>statisticsOnly</par:parkingTypeOfGroup>` +
      '</par:parkingSpaceBasics></par:groupOfParkingSpaces>';
    // ParkingRecordStatus.groupOfParkingSpacesStatus: _ParkingRecordStatusGroupIndexGroupOfParkingSpacesStatus
    // (groupIndex) > groupOfParkingSpacesStatus: GroupOfParkingSpacesStatus, a ParkingOccupancy.
    const groupStatus = (n: number) =>
      '<par:groupOfParkingSpacesStatus groupIndex="1"><par:groupOfParkingSpacesStatus>' +
      `<par:parkingNumberOfVacantSpaces>${n}</par:parkingNumberOfVacantSpaces>` +
      '</par:groupOfParkingSpacesStatus></par:groupOfParkingSpacesStatus>';
    const recordOf = (id: string) =>
      xml.slice(xml.indexOf(`<par:parkingRecord xsi:type="par:UrbanParkingSite" id="${id}"`));
    const statusOf = (id: string) => xml.slice(xml.indexOf(`<par:parkingRecordReference id="${id}"`));
    // In the XSD's order: ParkingRecord's parkingLocation, onlyAssignedParking, groupOfParkingSpaces, then
    // ParkingSite's parkingUsageScenario, then UrbanParkingSite's urbanParkingSiteType.
    const pr = recordOf('city:pr');
    expect(pr).toContain(`</par:parkingLocation>${group(6)}<par:parkingUsageScenario scenarioIndex="1">`);
    expect(recordOf('city:dis')).toContain(
      `</par:onlyAssignedParking>${group(4)}<par:urbanParkingSiteType>offStreetParking</par:urbanParkingSiteType>`,
    );
    expect(recordOf('city:p1')).toContain(`</par:parkingLocation>${group(12)}<par:urbanParkingSiteType>`);
    // ParkingRecordStatus's parkingOccupancy, groupOfParkingSpacesStatus, then ParkingSiteStatus's own elements.
    expect(statusOf('city:p1')).toContain(`</par:parkingOccupancy>${groupStatus(5)}<par:parkingSiteStatus>`);
    expect(statusOf('city:pr')).toContain(`</par:parkingOccupancy>${groupStatus(0)}<par:parkingSiteStatus>`);
    // Unknown disabled free places (city:dis), no position so no table group (city:street), no disabled
    // places (city:unk): no group status.
    for (const id of ['city:dis', 'city:street', 'city:unk']) {
      expect([id, statusOf(id).split('</par:parkingRecordStatus>')[0]]).not.toEqual([
        id,
        expect.stringContaining('groupOfParkingSpacesStatus'),
      ]);
    }
    expect(xml.match(/<par:groupOfParkingSpaces /g)).toHaveLength(3);
    expect(xml.match(/<par:groupOfParkingSpacesStatus groupIndex/g)).toHaveLength(2);

    const back = datex2Adapter.parse(Buffer.from(xml), readBackCtx);
    expect(back.warnings).toEqual([]);
    const located = parkings.filter((p) => p.location !== null);
    expect(back.facilities.map((f) => [f.localId, f.disabledCapacity])).toEqual(
      located.map((p) => [p.id, p.disabled?.capacity ?? undefined]),
    );
    expect(back.observations.map((o) => [o.localId, o.disabledFree])).toEqual(
      parkings.map((p) => [p.id, p.location === null ? undefined : (p.disabled?.free ?? undefined)]),
    );
    expect(back.observations.find((o) => o.localId === 'city:p1')?.disabledFree).toBe(5);
  });

  it('nests parkingUsageScenario as the v3 Parking XSD types it (indexed wrapper, ParkingUsageScenario, enum)', () => {
    const xml = toDatex2Parking(parkings, exportedAt, ['table']);
    // ParkingSite.parkingUsageScenario: _ParkingSiteScenarioIndexParkingUsageScenario (scenarioIndex) >
    // parkingUsageScenario: ParkingUsageScenario > parkingUsageScenario: _ParkingUsageScenarioEnum.
    expect(xml).toContain(
      '<par:parkingUsageScenario scenarioIndex="1"><par:parkingUsageScenario><par:parkingUsageScenario>parkAndRide</par:parkingUsageScenario></par:parkingUsageScenario></par:parkingUsageScenario>',
    );
  });

  it('gives one publication with ?publication=table|status', () => {
    const table = datex2Adapter.parse(Buffer.from(toDatex2Parking(parkings, exportedAt, ['table'])), readBackCtx);
    expect(table.facilities).toHaveLength(4);
    expect(table.observations).toHaveLength(0);
    const status = datex2Adapter.parse(Buffer.from(toDatex2Parking(parkings, exportedAt, ['status'])), readBackCtx);
    expect(status.observations).toHaveLength(5);
    expect(status.facilities).toHaveLength(0);
  });

  it('leaves out a publication that would hold no record (the schema requires one)', () => {
    const xml = toDatex2Parking([], exportedAt);
    expect(xml).not.toContain('<payload');
    expect(xml).toContain('<exchangeInformation modelBaseVersion="3">');
  });
});

describe('DATEX II v3 parking export: facility details', () => {
  const read = (parkings: Parking[]) =>
    datex2Adapter.parse(Buffer.from(toDatex2Parking(parkings, exportedAt)), readBackCtx);

  it('parses back through the datex2 adapter to the same details (fees, height, charging, operator, page, hours, P+R)', () => {
    const back = read(detailedParkings);
    expect(back.warnings).toEqual([]);
    expect(
      back.facilities.map((f) => ({
        id: f.localId,
        kind: f.kind,
        evChargingCapacity: f.evChargingCapacity,
        fees: f.fees,
        maxHeightCm: f.maxHeightCm,
        parkAndRide: f.parkAndRide,
        operatorName: f.operatorName,
        url: f.url,
        openingHours: f.openingHours,
      })),
    ).toEqual(
      detailedParkings.map((p) => ({
        id: p.id,
        kind: p.kind,
        evChargingCapacity: p.evCharging?.capacity ?? undefined,
        fees: p.fees,
        maxHeightCm: p.maxHeightCm,
        parkAndRide: p.parkAndRide,
        operatorName: p.operatorName,
        url: p.url,
        openingHours: p.openingHours,
      })),
    );
    expect(back.observations.map((o) => [o.localId, o.evChargingFree])).toEqual(
      detailedParkings.map((p) => [p.id, p.evCharging?.free ?? undefined]),
    );
  });

  it('writes them where the 3.0 Parking XSD sequences put them', () => {
    const xml = toDatex2Parking(detailedParkings, exportedAt);
    const recordOf = (id: string) => {
      const from = xml.indexOf(`<par:parkingRecord xsi:type="par:UrbanParkingSite" id="${id}"`);
      return xml.slice(from, xml.indexOf('</par:parkingRecord>', from));
    };
    const order = (text: string, names: string[]) => {
      const at = names.map((n) => text.indexOf(`<${n}`));
      expect(at.every((i) => i >= 0)).toBe(true);
      expect([...at].sort((a, b) => a - b)).toEqual(at);
    };
    // ParkingRecord: ... parkingNumberOfSpaces, urlLinkAddress, operator, parkingLocation, prohibitedParking,
    // tariffsAndPayment, parkingEquipmentOrServiceFacility; ParkingSite: parkingUsageScenario, openingTimes;
    // UrbanParkingSite: urbanParkingSiteType.
    order(recordOf('city:details'), [
      'par:parkingNumberOfSpaces',
      'par:urlLinkAddress',
      'par:operator xsi:type="par:ContactDetails"',
      'par:parkingLocation',
      'par:prohibitedParking',
      'par:tariffsAndPayment',
      'par:parkingEquipmentOrServiceFacility equipmentOrServiceFacilityIndex="1"',
      'par:openingTimes',
      'par:urbanParkingSiteType',
    ]);
    order(recordOf('city:pr-details'), [
      'par:prohibitedParking',
      'par:tariffsAndPayment',
      'par:parkingEquipmentOrServiceFacility',
      'par:parkingUsageScenario scenarioIndex="1"',
      'par:openingTimes',
    ]);
    // TariffsAndPayment: paymentAdditionalDescription, freeOfCharge, urlLinkAddress, chargeBand (currency, charges).
    expect(recordOf('city:details')).toContain(
      '<par:tariffsAndPayment><par:paymentAdditionalDescription><com:values><com:value lang="en">1,50 € je Stunde &lt;Tageshöchstsatz 9 €&gt;</com:value></com:values></par:paymentAdditionalDescription>' +
        '<par:freeOfCharge>false</par:freeOfCharge><par:urlLinkAddress>https://example.org/tarife?lot=1&amp;lang=de</par:urlLinkAddress>' +
        '<par:chargeBand id="city:details:fees:eur" version="1"><par:chargeCurrency>eur</par:chargeCurrency>' +
        '<par:charge><par:charge>1.50</par:charge><par:chargeInterval>3600</par:chargeInterval></par:charge>' +
        '<par:charge><par:charge>1.00</par:charge><par:chargeInterval>1800</par:chargeInterval></par:charge></par:chargeBand></par:tariffsAndPayment>',
    );
    expect(recordOf('city:details')).toContain(
      '<par:prohibitedParking><com:vehicleCharacteristics><com:heightCharacteristic><com:comparisonOperator>greaterThan</com:comparisonOperator>' +
        '<com:vehicleHeight>2.1</com:vehicleHeight></com:heightCharacteristic></com:vehicleCharacteristics></par:prohibitedParking>',
    );
    // OpeningTimes.validity: a com:Validity, validityStatus and an OverallPeriod with its required overallStartTime.
    expect(recordOf('city:details')).toContain(
      '<par:openingTimes><par:validity><com:validityStatus>definedByValidityTimeSpec</com:validityStatus><com:validityTimeSpecification>' +
        `<com:overallStartTime>${exportedAt.toISOString()}</com:overallStartTime><com:validPeriod>` +
        '<com:recurringTimePeriodOfDay><com:startTimeOfPeriod>07:00:00</com:startTimeOfPeriod><com:endTimeOfPeriod>20:30:00</com:endTimeOfPeriod></com:recurringTimePeriodOfDay>' +
        '<com:recurringDayWeekMonthPeriod><com:applicableDay>monday</com:applicableDay>',
    );
    expect(recordOf('city:pr-details')).toContain(
      '<par:openingTimes><par:available24hours>true</par:available24hours></par:openingTimes>',
    );
    // ParkingRecordStatus: parkingOccupancy, then parkingEquipmentOrServiceFacilityStatus, then ParkingSiteStatus's elements.
    const status = xml.slice(xml.indexOf('<par:parkingRecordReference id="city:details"'));
    expect(status).toContain(
      '</par:parkingOccupancy><par:parkingEquipmentOrServiceFacilityStatus equipmentOrServiceFacilityIndex="1">' +
        '<par:parkingEquipmentOrServiceFacilityStatus><par:vacantEquipmentOrServiceFacilitySubitems>5</par:vacantEquipmentOrServiceFacilitySubitems>' +
        '</par:parkingEquipmentOrServiceFacilityStatus></par:parkingEquipmentOrServiceFacilityStatus><par:parkingSiteStatus>',
    );
  });

  it('opening hours: day ranges come back listed; hours DATEX II periods cannot say are left out', () => {
    const hours = [
      'Mo-Fr 08:00-18:00',
      'Sa-Mo 10:00-16:00; We 09:00-12:00',
      '06:00-22:00',
      // OSM's later rule replaces the earlier one on Friday; DATEX II periods would add up.
      'Mo-Fr 08:00-18:00; Fr 08:00-12:00',
      'Mo-Fr 08:00-18:00; PH off',
      'Jan-Mar Mo 08:00-12:00',
      'Mo-Fr 08:00+',
    ];
    const parkings = hours.map((h, i) => ({ ...baseParking, id: `city:h${i}`, openingHours: h }));
    const back = read(parkings);
    expect(back.warnings).toEqual([]);
    expect(back.facilities.map((f) => f.openingHours)).toEqual([
      'Mo,Tu,We,Th,Fr 08:00-18:00',
      'Mo,Sa,Su 10:00-16:00; We 09:00-12:00',
      '06:00-22:00',
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('a car park marked park-and-ride gets the parkAndRide usage scenario (and reads back as a park-and-ride)', () => {
    const back = read([{ ...baseParking, id: 'city:cp-pr', parkAndRide: true }]);
    expect(back.facilities[0]).toMatchObject({ kind: 'park-and-ride', parkAndRide: true });
  });

  it('leaves out what the schema cannot hold: a price in an unlisted currency or with more than two decimals', () => {
    const back = read([
      {
        ...baseParking,
        fees: {
          prices: [
            { minutes: 60, amount: 2, currency: 'JPY' },
            { minutes: 60, amount: 1.255, currency: 'EUR' },
            { minutes: 120, amount: 2.5, currency: 'CHF' },
          ],
        },
      },
    ]);
    // A charge above 0 says there is a fee (no freeOfCharge written: hasFee was not known).
    expect(back.facilities[0].fees).toEqual({ hasFee: true, prices: [{ minutes: 120, amount: 2.5, currency: 'CHF' }] });
  });

  it('wheelchair access: one parkingAccess (category unspecified) after openingTimes, read back the same', () => {
    const parkings: Parking[] = [
      { ...baseParking, id: 'city:w-yes', wheelchair: 'yes', openingHours: '24/7' },
      { ...baseParking, id: 'city:w-limited', wheelchair: 'limited' },
      { ...baseParking, id: 'city:w-no', wheelchair: 'no' },
    ];
    const xml = toDatex2Parking(parkings, exportedAt);
    const recordOf = (id: string) => {
      const from = xml.indexOf(`<par:parkingRecord xsi:type="par:UrbanParkingSite" id="${id}"`);
      return xml.slice(from, xml.indexOf('</par:parkingRecord>', from));
    };
    // ParkingSite: openingTimes, then parkingAccess (accessCategory 1..n, then accessibility); UrbanParkingSite last.
    expect(recordOf('city:w-yes')).toContain(
      '</par:openingTimes><par:parkingAccess id="city:w-yes:access"><par:accessCategory>unspecified</par:accessCategory>' +
        '<par:accessibility>wheelChairAccessible</par:accessibility></par:parkingAccess><par:urbanParkingSiteType>',
    );
    expect(recordOf('city:w-limited')).toContain('<par:accessibility>handicappedEasements</par:accessibility>');
    expect(recordOf('city:w-no')).toContain('<par:accessibility>none</par:accessibility>');
    const back = read(parkings);
    expect(back.warnings).toEqual([]);
    expect(back.facilities.map((f) => [f.localId, f.wheelchair, f.location])).toEqual(
      parkings.map((p) => [p.id, p.wheelchair, p.location]),
    );
  });

  it('address: a parkingSiteAddress ContactDetails with the address as its contactDetailsAddress, read back the same', () => {
    const parkings: Parking[] = [
      {
        ...baseParking,
        id: 'city:a',
        address: 'Hauptstraße 5 & 7, 72074 Tübingen',
        parkAndRide: true,
        openingHours: '24/7',
      },
    ];
    const xml = toDatex2Parking(parkings, exportedAt);
    // ParkingSite: parkingSiteAddress, then parkingUsageScenario and openingTimes.
    expect(xml).toContain(
      '<par:parkingSiteAddress xsi:type="par:ContactDetails" id="city:a:address" version="1"><par:contactDetailsAddress>' +
        '<com:values><com:value lang="en">Hauptstraße 5 &amp; 7, 72074 Tübingen</com:value></com:values>' +
        '</par:contactDetailsAddress></par:parkingSiteAddress><par:parkingUsageScenario scenarioIndex="1">',
    );
    const back = read(parkings);
    expect(back.warnings).toEqual([]);
    expect(back.facilities.map((f) => [f.localId, f.address])).toEqual([
      ['city:a', 'Hauptstraße 5 & 7, 72074 Tübingen'],
    ]);
  });

  it('longest stay: the record maximumParkingDuration in seconds after parkingNumberOfSpaces, read back the same', () => {
    const parkings: Parking[] = [{ ...baseParking, id: 'city:m', maxStayMinutes: 150, url: 'https://example.org/m' }];
    const xml = toDatex2Parking(parkings, exportedAt);
    expect(xml).toContain(
      '<par:parkingNumberOfSpaces>400</par:parkingNumberOfSpaces><par:maximumParkingDuration>9000</par:maximumParkingDuration>' +
        '<par:urlLinkAddress>',
    );
    expect(read(parkings).facilities.map((f) => [f.localId, f.maxStayMinutes])).toEqual([['city:m', 150]]);
  });

  it('charging points without a count: the electricChargingStation equipment without numberOfChargingPoints, no status', () => {
    const p: Parking = {
      ...baseParking,
      id: 'city:ev',
      disabled: { capacity: null, free: null },
      evCharging: { capacity: null, free: null },
    };
    const xml = toDatex2Parking([p], exportedAt);
    expect(xml).toContain(
      '<par:equipmentType>electricChargingStation</par:equipmentType><par:electricCharging>' +
        '<par:chargingStationUsageType>electricVehicle</par:chargingStationUsageType></par:electricCharging>',
    );
    // The disabled places' groupOfParkingSpaces needs its number of spaces; the status has no count to give.
    expect(xml).not.toMatch(/numberOfChargingPoints|groupOfParkingSpaces|parkingEquipmentOrServiceFacilityStatus/);
    const back = datex2Adapter.parse(Buffer.from(xml), readBackCtx);
    expect(back.warnings).toEqual([]);
    // The equipment without a count reads back as charging points present, uncounted; the disabled
    // places are not written, so they do not come back.
    expect(
      back.facilities.map((f) => [f.localId, f.evChargingCapacity, f.evChargingPresent, f.disabledPresent]),
    ).toEqual([['city:ev', undefined, true, undefined]]);
  });

  it('writes no detail element for a car park without details', () => {
    const xml = toDatex2Parking([baseParking], exportedAt);
    expect(xml).not.toMatch(
      /tariffsAndPayment|prohibitedParking|parkingEquipmentOrServiceFacility|<par:operator|urlLinkAddress|openingTimes|parkingAccess|parkingSiteAddress|maximumParkingDuration/,
    );
  });
});
