import type { Parking } from '../../parking/parking.model.js';
import {
  type Datex2Publication,
  DISABLED_GROUP_INDEX,
  DISABLED_GROUP_TYPE,
  disabledCapacity,
  disabledFree,
  isParkAndRide,
  OPENING_STATUS,
  publicationsHolding,
  SITE_STATUS,
  TABLE_ID,
  TABLE_VERSION,
} from './datex2-parking-export.js';
import {
  chargingStatusJson,
  openingTimesJson,
  recordDetails,
  recordHead,
  siteAddressJson,
  wheelchairAccessJson,
} from './datex2-details-json.js';

/** A JSON value of the DATEX II JSON encoding. */
export type Datex2Json = string | number | boolean | Datex2Json[] | { [key: string]: Datex2Json };
type JsonObject = { [key: string]: Datex2Json };

/*
 * The DATEX II v3 JSON encoding, as the same model as the XML form (docs/interface.md § Exports):
 * element names are the keys; an element that may repeat (maxOccurs > 1) is an array, even of one;
 * an element whose type is abstract (xsi:type in XML) is an object with one key, the concrete
 * type's namespace prefix and name (`prkUrbanParkingSite`, `locPointLocation`); the identity and
 * model attributes take a `G` suffix (`idG`, `versionG`, `modelBaseVersionG`; on a payload they
 * stand beside that key), other attributes keep their name (`lang`, `scenarioIndex`); an
 * enumeration is `{ value }`; a multilingual string is `{ values: [{ lang, value }] }`; numbers,
 * booleans and times as JSON numbers, booleans and strings. The fixed `targetClass` of a
 * reference is left out.
 */

const enumValue = (value: string): JsonObject => ({ value });

function header(at: string): JsonObject {
  return {
    lang: 'en',
    publicationTime: at,
    publicationCreator: { country: 'eu', nationalIdentifier: 'mobility-hub' },
  };
}

const HEADER_INFORMATION: JsonObject = {
  confidentiality: enumValue('noRestriction'),
  informationStatus: enumValue('real'),
};

/** One UrbanParkingSite, as the XML form's parkingRecord (the same elements in the same order). */
function record(p: Parking, at: string): JsonObject {
  const site: JsonObject = { idG: p.id, versionG: '1' };
  if (p.name !== null) site.parkingName = { values: [{ lang: 'en', value: p.name }] };
  site.parkingRecordVersionTime = at;
  if (p.capacity !== null) site.parkingNumberOfSpaces = p.capacity;
  Object.assign(site, recordHead(p));
  if (p.location !== null) {
    site.parkingLocation = {
      locPointLocation: {
        pointByCoordinates: { pointCoordinates: { latitude: p.location.lat, longitude: p.location.lon } },
      },
    };
  }
  if (p.kind === 'disabled') site.onlyAssignedParking = { applicableForUser: [enumValue('disabled')] };
  Object.assign(site, recordDetails(p));
  const disabled = disabledCapacity(p);
  if (disabled !== null) {
    site.groupOfParkingSpaces = [
      {
        groupIndex: DISABLED_GROUP_INDEX,
        parkingSpaceBasics: {
          prkGroupOfParkingSpaces: {
            onlyAssignedParking: { applicableForUser: [enumValue('disabled')] },
            parkingNumberOfSpaces: disabled,
            parkingTypeOfGroup: enumValue(DISABLED_GROUP_TYPE),
          },
        },
      },
    ];
  }
  const address = siteAddressJson(p);
  if (address !== undefined) site.parkingSiteAddress = address;
  if (isParkAndRide(p)) {
    site.parkingUsageScenario = [
      { scenarioIndex: 1, parkingUsageScenario: { parkingUsageScenario: enumValue('parkAndRide') } },
    ];
  }
  const opening = openingTimesJson(p, at);
  if (opening !== undefined) site.openingTimes = opening;
  const access = wheelchairAccessJson(p);
  if (access !== undefined) site.parkingAccess = access;
  site.urbanParkingSiteType = enumValue(p.kind === 'on-street' ? 'onStreetParking' : 'offStreetParking');
  return { prkUrbanParkingSite: site };
}

/** One ParkingSiteStatus, as the XML form's parkingRecordStatus. */
function recordStatus(p: Parking): JsonObject {
  const occupancy: JsonObject = {};
  if (p.capacity !== null) occupancy.parkingNumberOfSpacesOverride = p.capacity;
  if (p.free !== null) occupancy.parkingNumberOfVacantSpaces = p.free;
  if (p.occupied !== null) occupancy.parkingNumberOfOccupiedSpaces = p.occupied;
  const status: JsonObject = {
    parkingRecordReference: { idG: p.id, versionG: '1' },
    parkingStatusOriginTime: p.observedAt,
    parkingOccupancy: occupancy,
  };
  const free = disabledFree(p);
  if (free !== null) {
    status.groupOfParkingSpacesStatus = [
      { groupIndex: DISABLED_GROUP_INDEX, groupOfParkingSpacesStatus: { parkingNumberOfVacantSpaces: free } },
    ];
  }
  const charging = chargingStatusJson(p);
  if (charging !== undefined) status.parkingEquipmentOrServiceFacilityStatus = charging;
  const site = SITE_STATUS[p.status];
  const opening = OPENING_STATUS[p.status];
  if (site !== undefined) status.parkingSiteStatus = enumValue(site);
  if (opening !== undefined) status.parkingSiteOpeningStatus = enumValue(opening);
  return { prkParkingSiteStatus: status };
}

function tablePublication(parkings: readonly Parking[], at: string): JsonObject {
  return {
    modelBaseVersionG: '3',
    prkParkingTablePublication: {
      ...header(at),
      headerInformation: HEADER_INFORMATION,
      parkingTable: [
        {
          idG: TABLE_ID,
          versionG: TABLE_VERSION,
          parkingTableVersionTime: at,
          parkingRecord: parkings.map((p) => record(p, at)),
        },
      ],
    },
  };
}

function statusPublication(parkings: readonly Parking[], at: string): JsonObject {
  return {
    modelBaseVersionG: '3',
    prkParkingStatusPublication: {
      ...header(at),
      parkingTableReference: [{ idG: TABLE_ID, versionG: TABLE_VERSION }],
      headerInformation: HEADER_INFORMATION,
      parkingRecordStatus: parkings.map(recordStatus),
    },
  };
}

/**
 * The DATEX II v3 JSON form of {@link toDatex2Parking}: the messageContainer's `payload` (an
 * array of publications) and `exchangeInformation`, holding the same records and values.
 */
export function toDatex2ParkingJson(
  parkings: readonly Parking[],
  generatedAt: Date,
  publications: readonly Datex2Publication[] = ['table', 'status'],
): JsonObject {
  const at = generatedAt.toISOString();
  return {
    payload: publicationsHolding(parkings, publications).map((p) =>
      p.kind === 'table' ? tablePublication(p.parkings, at) : statusPublication(p.parkings, at),
    ),
    exchangeInformation: {
      exchangeContext: {
        codedExchangeProtocol: enumValue('snapshotPull'),
        exchangeSpecificationVersion: '3',
        supplierOrCisRequester: { name: 'mobility-hub' },
      },
      dynamicInformation: { exchangeStatus: enumValue('online'), messageGenerationTimestamp: at },
    },
  };
}
