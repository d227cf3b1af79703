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
import { toDatex2ParkingJson } from './datex2-parking-json.js';

const parkings: Parking[] = [
  { ...baseParking, disabled: { capacity: 12, free: 5 } },
  { ...fullParkAndRide, disabled: { capacity: 6, free: null } },
  { ...baseParking, id: 'city:street', name: null, kind: 'on-street', status: 'closed', location: null },
  {
    ...baseParking,
    id: 'city:lane',
    name: 'Marktgasse',
    kind: 'on-street',
    capacity: null,
    location: { lat: 48.6, lon: 8.9 },
  },
  disabledUsersParking,
  { ...baseParking, id: 'city:unk', status: 'unknown', free: null, occupied: null },
];

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => v as Obj;
const arr = (v: unknown): Obj[] => {
  expect(Array.isArray(v)).toBe(true);
  return v as Obj[];
};

/** The first members of every site here, in the XML form's order: identity, version, name, version time, places. */
const RECORD_HEAD = ['idG', 'versionG', 'parkingName', 'parkingRecordVersionTime', 'parkingNumberOfSpaces'];

/** The one member of an object standing for an abstract element: its key (prefix + type) and content. */
function member(v: unknown): [string, Obj] {
  const keys = Object.keys(obj(v)).filter((k) => !k.endsWith('G'));
  expect(keys).toHaveLength(1);
  return [keys[0], obj(obj(v)[keys[0]])];
}
const enumOf = (v: unknown): string | undefined => (v === undefined ? undefined : (obj(v).value as string));

/** What a DATEX II reader takes from a site, read from the JSON by the encoding's rules. */
function siteValues(site: Obj): unknown[] {
  const users = site.onlyAssignedParking === undefined ? [] : arr(obj(site.onlyAssignedParking).applicableForUser);
  const scenarios = site.parkingUsageScenario === undefined ? [] : arr(site.parkingUsageScenario);
  const scenario = (s: Obj) => enumOf(obj(obj(s.parkingUsageScenario).parkingUsageScenario));
  let kind = 'car-park';
  if (users.some((u) => enumOf(u) === 'disabled')) kind = 'disabled';
  else if (scenarios.some((s) => scenario(s) === 'parkAndRide')) kind = 'park-and-ride';
  else if (enumOf(site.urbanParkingSiteType) === 'onStreetParking') kind = 'on-street';
  const names = site.parkingName === undefined ? [] : arr(obj(site.parkingName).values);
  const [, point] = member(site.parkingLocation);
  const coordinates = obj(obj(point.pointByCoordinates).pointCoordinates);
  return [
    site.idG,
    names[0]?.value,
    kind,
    site.parkingNumberOfSpaces,
    { lat: coordinates.latitude, lon: coordinates.longitude },
    disabledGroups(site).reduce<number | undefined>(
      (sum, g) => (sum ?? 0) + (g.parkingNumberOfSpaces as number),
      undefined,
    ),
  ];
}

/** The site's groups of spaces reserved for disabled users (groupOfParkingSpaces > GroupOfParkingSpaces). */
function disabledGroups(site: Obj): Obj[] {
  const groups = site.groupOfParkingSpaces === undefined ? [] : arr(site.groupOfParkingSpaces);
  return groups
    .map((g) => member(g.parkingSpaceBasics))
    .filter(([type, g]) => {
      expect(type).toBe('prkGroupOfParkingSpaces');
      return arr(obj(g.onlyAssignedParking).applicableForUser).some((u) => enumOf(u) === 'disabled');
    })
    .map(([, g]) => g);
}

function statusValues(status: Obj): unknown[] {
  const occupancy = obj(status.parkingOccupancy);
  const site = enumOf(status.parkingSiteStatus);
  const opening = enumOf(status.parkingSiteOpeningStatus);
  const value =
    opening === 'closed' ? 'closed' : site === 'full' ? 'full' : site === 'spacesAvailable' ? 'open' : 'unknown';
  // The groups are those of the table (groupIndex 1 is the disabled users' group there, checked below).
  const groups = status.groupOfParkingSpacesStatus === undefined ? [] : arr(status.groupOfParkingSpacesStatus);
  const disabledFree = groups
    .filter((g) => g.groupIndex === 1)
    .reduce<
      number | undefined
    >((sum, g) => (sum ?? 0) + (obj(g.groupOfParkingSpacesStatus).parkingNumberOfVacantSpaces as number), undefined);
  return [
    obj(status.parkingRecordReference).idG,
    occupancy.parkingNumberOfVacantSpaces ?? null,
    occupancy.parkingNumberOfOccupiedSpaces,
    value,
    status.parkingStatusOriginTime,
    disabledFree,
  ];
}

describe('DATEX II v3 parking export, JSON form', () => {
  it('holds the values the XML form gives back through the datex2 adapter', () => {
    const json = JSON.parse(JSON.stringify(toDatex2ParkingJson(parkings, exportedAt))) as Obj;
    const back = datex2Adapter.parse(Buffer.from(toDatex2Parking(parkings, exportedAt)), readBackCtx);
    expect(back.warnings).toEqual([]);

    const payload = arr(json.payload);
    expect(payload.map((p) => [p.modelBaseVersionG, member(p)[0]])).toEqual([
      ['3', 'prkParkingTablePublication'],
      ['3', 'prkParkingStatusPublication'],
    ]);
    const [, table] = member(payload[0]);
    const [, status] = member(payload[1]);
    for (const publication of [table, status]) {
      expect([publication.lang, publication.publicationTime]).toEqual(['en', back.publishedAt?.toISOString()]);
    }

    const records = arr(arr(table.parkingTable)[0].parkingRecord).map(member);
    expect(records.map(([type]) => type)).toEqual(records.map(() => 'prkUrbanParkingSite'));
    expect(records.map(([, site]) => siteValues(site))).toEqual(
      back.facilities.map((f) => [f.localId, f.name, f.kind, f.capacity, f.location, f.disabledCapacity]),
    );

    const statuses = arr(status.parkingRecordStatus).map(member);
    expect(statuses.map(([type]) => type)).toEqual(statuses.map(() => 'prkParkingSiteStatus'));
    expect(statuses.map(([, s]) => statusValues(s))).toEqual(
      back.observations.map((o) => [
        o.localId,
        o.free,
        o.occupied,
        o.status,
        o.observedAt?.toISOString(),
        o.disabledFree,
      ]),
    );
    // The values given: disabled places of the located sites, their free count where known.
    expect(back.facilities.map((f) => f.disabledCapacity)).toEqual(
      parkings.filter((p) => p.location).map((p) => p.disabled?.capacity ?? undefined),
    );
    expect(back.observations.map((o) => o.disabledFree)).toEqual(parkings.map((p) => p.disabled?.free ?? undefined));

    // And both are the car parks given: the table those with a position, the status all of them.
    expect(back.facilities.map((f) => f.localId)).toEqual(parkings.filter((p) => p.location).map((p) => p.id));
    expect(back.observations.map((o) => o.localId)).toEqual(parkings.map((p) => p.id));
  });

  it('writes repeatable elements as arrays, counts and coordinates as numbers, enumerations as { value }', () => {
    const json = toDatex2ParkingJson(parkings, exportedAt) as Obj;
    const [, table] = member(arr(json.payload)[0]);
    const sites = arr(arr(table.parkingTable)[0].parkingRecord).map((r) => member(r)[1]);
    const pr = sites.find((s) => s.idG === 'city:pr') as Obj;
    expect(pr.parkingUsageScenario).toEqual([
      { scenarioIndex: 1, parkingUsageScenario: { parkingUsageScenario: { value: 'parkAndRide' } } },
    ]);
    expect(pr.parkingNumberOfSpaces).toBe(400);
    expect(pr.parkingLocation).toEqual({
      locPointLocation: { pointByCoordinates: { pointCoordinates: { latitude: 48.5961234567, longitude: 8.8701 } } },
    });
    const p1 = sites.find((s) => s.idG === 'city:p1') as Obj;
    expect(p1.groupOfParkingSpaces).toEqual([
      {
        groupIndex: 1,
        parkingSpaceBasics: {
          prkGroupOfParkingSpaces: {
            onlyAssignedParking: { applicableForUser: [{ value: 'disabled' }] },
            parkingNumberOfSpaces: 12,
            parkingTypeOfGroup: { value: 'statisticsOnly' },
          },
        },
      },
    ]);
    // In the XML form's order: after onlyAssignedParking (ParkingRecord), before the ParkingSite elements.
    expect(Object.keys(pr)).toEqual([
      ...RECORD_HEAD,
      'parkingLocation',
      'groupOfParkingSpaces',
      'parkingUsageScenario',
      'urbanParkingSiteType',
    ]);
    const [, status] = member(arr(json.payload)[1]);
    const p1Status = member(arr(status.parkingRecordStatus)[0])[1];
    expect(Object.keys(p1Status)).toEqual([
      'parkingRecordReference',
      'parkingStatusOriginTime',
      'parkingOccupancy',
      'groupOfParkingSpacesStatus',
      'parkingSiteStatus',
      'parkingSiteOpeningStatus',
    ]);
    expect(p1Status.groupOfParkingSpacesStatus).toEqual([
      { groupIndex: 1, groupOfParkingSpacesStatus: { parkingNumberOfVacantSpaces: 5 } },
    ]);
    const disabled = sites.find((s) => s.idG === 'city:dis') as Obj;
    expect(disabled.onlyAssignedParking).toEqual({ applicableForUser: [{ value: 'disabled' }] });
    expect(obj(json.exchangeInformation).dynamicInformation).toEqual({
      exchangeStatus: { value: 'online' },
      messageGenerationTimestamp: exportedAt.toISOString(),
    });
  });

  it('gives one publication with ?publication=table|status, and none that would hold no record', () => {
    expect(arr(toDatex2ParkingJson(parkings, exportedAt, ['status']).payload).map((p) => member(p)[0])).toEqual([
      'prkParkingStatusPublication',
    ]);
    const unlocated = parkings.map((p) => ({ ...p, location: null }));
    expect(toDatex2ParkingJson(unlocated, exportedAt, ['table']).payload).toEqual([]);
    expect(toDatex2ParkingJson([], exportedAt).payload).toEqual([]);
  });
});

describe('DATEX II v3 parking export, JSON form: facility details', () => {
  const json = JSON.parse(JSON.stringify(toDatex2ParkingJson(detailedParkings, exportedAt))) as Obj;
  const [, table] = member(arr(json.payload)[0]);
  const [, status] = member(arr(json.payload)[1]);
  const sites = arr(arr(table.parkingTable)[0].parkingRecord).map((r) => member(r)[1]);
  const statuses = arr(status.parkingRecordStatus).map((r) => member(r)[1]);
  const site = (id: string) => sites.find((s) => s.idG === id) as Obj;

  it('writes the elements of the XML form, by the encoding rules, in its order', () => {
    const details = site('city:details');
    expect(Object.keys(details)).toEqual([
      ...RECORD_HEAD,
      'urlLinkAddress',
      'operator',
      'parkingLocation',
      'prohibitedParking',
      'tariffsAndPayment',
      'parkingEquipmentOrServiceFacility',
      'openingTimes',
      'urbanParkingSiteType',
    ]);
    expect(details.urlLinkAddress).toBe('https://example.org/parking/details');
    expect(details.operator).toEqual([
      {
        prkContactDetails: {
          idG: 'city:details:operator',
          versionG: '1',
          contactOrganisationName: { values: [{ lang: 'en', value: 'Stadtwerke "Beispiel" & Co' }] },
        },
      },
    ]);
    expect(details.prohibitedParking).toEqual({
      vehicleCharacteristics: [
        { heightCharacteristic: [{ comparisonOperator: { value: 'greaterThan' }, vehicleHeight: 2.1 }] },
      ],
    });
    expect(details.tariffsAndPayment).toEqual({
      paymentAdditionalDescription: { values: [{ lang: 'en', value: '1,50 € je Stunde <Tageshöchstsatz 9 €>' }] },
      freeOfCharge: false,
      urlLinkAddress: 'https://example.org/tarife?lot=1&lang=de',
      chargeBand: [
        {
          idG: 'city:details:fees:eur',
          versionG: '1',
          chargeCurrency: { value: 'eur' },
          charge: [
            { charge: 1.5, chargeInterval: 3600 },
            { charge: 1, chargeInterval: 1800 },
          ],
        },
      ],
    });
    expect(details.parkingEquipmentOrServiceFacility).toEqual([
      {
        equipmentOrServiceFacilityIndex: 1,
        parkingEquipmentOrServiceFacility: {
          prkEquipment: {
            equipmentType: { value: 'electricChargingStation' },
            electricCharging: { chargingStationUsageType: [{ value: 'electricVehicle' }], numberOfChargingPoints: 12 },
          },
        },
      },
    ]);
    expect(details.openingTimes).toEqual({
      validity: {
        validityStatus: { value: 'definedByValidityTimeSpec' },
        validityTimeSpecification: {
          overallStartTime: exportedAt.toISOString(),
          validPeriod: [
            {
              recurringTimePeriodOfDay: [{ startTimeOfPeriod: '07:00:00', endTimeOfPeriod: '20:30:00' }],
              recurringDayWeekMonthPeriod: [
                { applicableDay: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'].map((value) => ({ value })) },
              ],
            },
            {
              recurringTimePeriodOfDay: [
                { startTimeOfPeriod: '08:00:00', endTimeOfPeriod: '14:00:00' },
                { startTimeOfPeriod: '15:00:00', endTimeOfPeriod: '18:00:00' },
              ],
              recurringDayWeekMonthPeriod: [{ applicableDay: [{ value: 'saturday' }] }],
            },
          ],
        },
      },
    });
    const pr = site('city:pr-details');
    expect(Object.keys(pr)).toEqual([
      ...RECORD_HEAD,
      'parkingLocation',
      'prohibitedParking',
      'tariffsAndPayment',
      'parkingEquipmentOrServiceFacility',
      'parkingUsageScenario',
      'openingTimes',
      'urbanParkingSiteType',
    ]);
    expect(pr.openingTimes).toEqual({ available24hours: true });
    expect(pr.tariffsAndPayment).toEqual({ freeOfCharge: true });
    expect(
      obj(member(obj(arr(pr.parkingEquipmentOrServiceFacility)[0]).parkingEquipmentOrServiceFacility)[1])
        .electricCharging,
    ).toEqual({ chargingStationUsageType: [{ value: 'electricVehicle' }] });
  });

  it('writes wheelchair access as the XML form does: one parkingAccess after openingTimes', () => {
    const one = JSON.parse(
      JSON.stringify(
        toDatex2ParkingJson([{ ...detailedParkings[0]!, id: 'city:w', wheelchair: 'limited' }], exportedAt, ['table']),
      ),
    ) as Obj;
    const [, t] = member(arr(one.payload)[0]);
    const [, w] = member(arr(arr(t.parkingTable)[0].parkingRecord)[0]);
    const keys = Object.keys(w);
    expect(keys.slice(keys.indexOf('openingTimes'))).toEqual(['openingTimes', 'parkingAccess', 'urbanParkingSiteType']);
    expect(w.parkingAccess).toEqual([
      {
        idG: 'city:w:access',
        accessCategory: [{ value: 'unspecified' }],
        accessibility: [{ value: 'handicappedEasements' }],
      },
    ]);
    expect(site('city:details').parkingAccess).toBeUndefined();
  });

  it('writes the longest stay as the XML form does: maximumParkingDuration in seconds after parkingNumberOfSpaces', () => {
    const one = JSON.parse(
      JSON.stringify(
        toDatex2ParkingJson([{ ...detailedParkings[0]!, id: 'city:m', maxStayMinutes: 45 }], exportedAt, ['table']),
      ),
    ) as Obj;
    const [, t] = member(arr(one.payload)[0]);
    const [, m] = member(arr(arr(t.parkingTable)[0].parkingRecord)[0]);
    const keys = Object.keys(m);
    expect(keys.slice(keys.indexOf('parkingNumberOfSpaces'), keys.indexOf('parkingNumberOfSpaces') + 3)).toEqual([
      'parkingNumberOfSpaces',
      'maximumParkingDuration',
      'urlLinkAddress',
    ]);
    expect(m.maximumParkingDuration).toBe(2700);
  });

  it('writes the address as the XML form does: a parkingSiteAddress ContactDetails before openingTimes', () => {
    const one = JSON.parse(
      JSON.stringify(
        toDatex2ParkingJson(
          [{ ...detailedParkings[0]!, id: 'city:a', address: 'Markt 1, 72070 Tübingen' }],
          exportedAt,
          ['table'],
        ),
      ),
    ) as Obj;
    const [, t] = member(arr(one.payload)[0]);
    const [, a] = member(arr(arr(t.parkingTable)[0].parkingRecord)[0]);
    const keys = Object.keys(a);
    expect(keys.indexOf('parkingSiteAddress')).toBe(keys.indexOf('openingTimes') - 1);
    expect(a.parkingSiteAddress).toEqual([
      {
        prkContactDetails: {
          idG: 'city:a:address',
          versionG: '1',
          contactDetailsAddress: { values: [{ lang: 'en', value: 'Markt 1, 72070 Tübingen' }] },
        },
      },
    ]);
  });

  it('holds the details the XML form gives back through the datex2 adapter', () => {
    const back = datex2Adapter.parse(Buffer.from(toDatex2Parking(detailedParkings, exportedAt)), readBackCtx);
    const points = (s: Obj) => {
      const equipment =
        s.parkingEquipmentOrServiceFacility === undefined ? [] : arr(s.parkingEquipmentOrServiceFacility);
      const counts = equipment.map(
        (e) => obj(member(e.parkingEquipmentOrServiceFacility)[1].electricCharging).numberOfChargingPoints as number,
      );
      return counts.every((c) => c === undefined) ? undefined : counts.reduce((a, b) => a + b, 0);
    };
    expect(
      sites.map((s) => {
        const tariffs = s.tariffsAndPayment === undefined ? undefined : obj(s.tariffsAndPayment);
        const height = s.prohibitedParking as Obj | undefined;
        return [
          s.idG,
          points(s),
          tariffs?.freeOfCharge === undefined ? undefined : !tariffs.freeOfCharge,
          height === undefined
            ? undefined
            : Math.round(
                (arr(arr(height.vehicleCharacteristics)[0].heightCharacteristic)[0].vehicleHeight as number) * 100,
              ),
          s.operator === undefined
            ? undefined
            : arr(obj(member(arr(s.operator)[0])[1].contactOrganisationName).values)[0].value,
          s.urlLinkAddress,
        ];
      }),
    ).toEqual(
      back.facilities.map((f) => [
        f.localId,
        f.evChargingCapacity,
        f.fees?.hasFee,
        f.maxHeightCm,
        f.operatorName,
        f.url,
      ]),
    );
    expect(
      statuses.map((s) => {
        const equipment = s.parkingEquipmentOrServiceFacilityStatus as Obj[] | undefined;
        const wrapper = equipment?.find((e) => e.equipmentOrServiceFacilityIndex === 1);
        return [
          obj(s.parkingRecordReference).idG,
          wrapper === undefined
            ? undefined
            : obj(wrapper.parkingEquipmentOrServiceFacilityStatus).vacantEquipmentOrServiceFacilitySubitems,
        ];
      }),
    ).toEqual(back.observations.map((o) => [o.localId, o.evChargingFree]));
    expect(Object.keys(statuses[0])).toEqual([
      'parkingRecordReference',
      'parkingStatusOriginTime',
      'parkingOccupancy',
      'parkingEquipmentOrServiceFacilityStatus',
      'parkingSiteStatus',
      'parkingSiteOpeningStatus',
    ]);
  });
});
