import { datex2ExportQuery, gtfsRtExportQuery, parkapiExportQuery } from '../../export/export-queries.js';
import { DEFAULT_RADIUS_M } from '../../parking/parking-query.service.js';
import { DETAIL_FILTER_PARAMS, GEO_PARAMS, SOURCE_PARAM } from './openapi-components.js';
import { type JsonObject, ok, read, readErrors } from './openapi-helpers.js';
import { queryParams } from './openapi-zod.js';

const FILTERS = {
  ...GEO_PARAMS,
  radius: { ...GEO_PARAMS.radius, schema: { default: DEFAULT_RADIUS_M } },
  minFree: { description: 'at least this many free places', example: 10 },
  source: SOURCE_PARAM,
  kind: { description: 'facility kind' },
  status: { description: 'status now' },
  ...DETAIL_FILTER_PARAMS,
};

const GTFS_RT_PARAMS = queryParams(gtfsRtExportQuery, {
  feed: {
    description:
      'the gtfs source whose realtime sources are merged, or a gtfs-rt source without `feed` (its own entities)',
    example: 'vitalis-gtfs',
  },
  format: { description: '`protobuf` (default, `application/x-protobuf`) or `json` (the protobuf JSON mapping)' },
});

const GTFS_RT_JSON: JsonObject = {
  type: 'object',
  description: 'FeedMessage in the protobuf JSON mapping (camelCase names, enum names, 64-bit numbers as strings)',
  required: ['header'],
  properties: {
    header: {
      type: 'object',
      required: ['gtfsRealtimeVersion', 'incrementality', 'timestamp'],
      properties: {
        gtfsRealtimeVersion: { type: 'string', const: '2.0' },
        incrementality: { type: 'string', const: 'FULL_DATASET' },
        timestamp: { type: 'string', description: 'epoch seconds of the answer' },
      },
    },
    entity: { type: 'array', items: { type: 'object', additionalProperties: true } },
  },
};

const GTFS_RT_EXAMPLE: JsonObject = {
  header: { gtfsRealtimeVersion: '2.0', incrementality: 'FULL_DATASET', timestamp: '1764750000' },
  entity: [
    {
      id: 'vitalis-rt:bus-12',
      vehicle: {
        trip: { tripId: 'L1-0805', routeId: 'L1' },
        vehicle: { id: 'bus-12', label: '12' },
        position: { latitude: 46.5802, longitude: 0.3404 },
        timestamp: '1764749990',
      },
    },
  ],
};

function gtfsRt(kind: string, operationId: string, what: string): JsonObject {
  return read(
    'export',
    operationId,
    `GTFS-Realtime ${what} of one timetable`,
    `One FULL_DATASET FeedMessage merging every gtfs-rt source whose \`feed\` is the given gtfs source. Ids inside are the timetable's own; entity ids are \`<gtfs-rt source id>:<key>\` (trip updates: \`<trip_id>|<service date>\`), sorted, stable while the entity is in the feed. Header timestamp: when the message was built (reused while no realtime source of the timetable has polled again, at most 10 s); the ETag is of the entities only. With \`feed\` a gtfs-rt source without a timetable: that source's entities alone, ids inside the ones its feed gave. 404 when \`feed\` is neither.`,
    GTFS_RT_PARAMS,
    ok(`the ${kind} FeedMessage`, {
      'application/x-protobuf': { schema: { type: 'string', format: 'binary' } },
      'application/json': { schema: GTFS_RT_JSON, example: GTFS_RT_EXAMPLE },
    }),
    readErrors('404'),
  );
}

const PARKAPI_SITE: JsonObject = {
  type: 'object',
  required: ['id', 'source_id', 'original_uid', 'type', 'purpose', 'has_realtime_data'],
  properties: {
    id: { type: 'integer', description: 'a stable integer from the hub id (ParkAPI ids are integers)' },
    source_id: { type: 'integer', description: 'a stable integer from the hub source id' },
    original_uid: { type: 'string', description: 'the hub id `<sourceId>:<localId>`' },
    name: { type: 'string' },
    address: { type: 'string' },
    type: { type: 'string', enum: ['CAR_PARK', 'OFF_STREET_PARKING_GROUND', 'ON_STREET', 'OTHER'] },
    purpose: { type: 'string', enum: ['CAR', 'BIKE'] },
    park_and_ride_type: {
      type: 'array',
      items: { type: 'string', enum: ['YES', 'NO', 'TRAIN', 'BUS', 'TRAM'] },
      description: 'the transport modes of a P+R, else YES for a P+R, NO when it is said not to be one',
    },
    operator_name: { type: 'string' },
    public_url: { type: 'string' },
    opening_hours: { type: 'string', description: 'OpenStreetMap opening_hours' },
    has_fee: { type: 'boolean' },
    fee_description: { type: 'string' },
    max_height: { type: 'integer', description: 'maximum vehicle height, centimetres' },
    restrictions: {
      type: 'array',
      description: 'only the longest stay allowed to everyone at all hours (`maxStayMinutes`), as an ISO 8601 duration',
      items: {
        type: 'object',
        required: ['max_stay'],
        properties: { max_stay: { type: 'string', example: 'PT120M' } },
      },
    },
    external_identifiers: {
      type: 'array',
      items: {
        type: 'object',
        required: ['type', 'value'],
        properties: { type: { type: 'string', enum: ['OSM'] }, value: { type: 'string' } },
      },
    },
    lat: { type: 'string', pattern: '^[+-]?[0-9]{0,3}\\.?[0-9]{0,7}$' },
    lon: { type: 'string', pattern: '^[+-]?[0-9]{0,3}\\.?[0-9]{0,7}$' },
    capacity: { type: 'integer', minimum: 0 },
    capacity_disabled: { type: 'integer', minimum: 0 },
    capacity_charging: { type: 'integer', minimum: 0 },
    capacity_woman: { type: 'integer', minimum: 0 },
    capacity_family: { type: 'integer', minimum: 0 },
    capacity_carsharing: { type: 'integer', minimum: 0 },
    capacity_truck: { type: 'integer', minimum: 0 },
    capacity_bus: { type: 'integer', minimum: 0 },
    has_realtime_data: { type: 'boolean' },
    realtime_opening_status: { type: 'string', enum: ['OPEN', 'CLOSED', 'UNKNOWN'] },
    realtime_free_capacity: { type: 'integer', minimum: 0 },
    realtime_free_capacity_disabled: { type: 'integer', minimum: 0 },
    realtime_free_capacity_charging: { type: 'integer', minimum: 0 },
    realtime_free_capacity_woman: { type: 'integer', minimum: 0 },
    realtime_free_capacity_family: { type: 'integer', minimum: 0 },
    realtime_free_capacity_carsharing: { type: 'integer', minimum: 0 },
    realtime_free_capacity_truck: { type: 'integer', minimum: 0 },
    realtime_free_capacity_bus: { type: 'integer', minimum: 0 },
    realtime_data_updated_at: { type: 'string', format: 'date-time' },
  },
};

const PARKAPI_EXAMPLE: JsonObject = {
  items: [
    {
      id: 91546203487001,
      source_id: 201556001223,
      original_uid: 'poitiers-parkings:2',
      name: 'Parking Hôtel de Ville',
      type: 'CAR_PARK',
      purpose: 'CAR',
      lat: '46.5802000',
      lon: '0.3404000',
      capacity: 600,
      has_realtime_data: true,
      realtime_opening_status: 'OPEN',
      realtime_free_capacity: 137,
      realtime_data_updated_at: '2025-10-23T08:00:00.000Z',
    },
  ],
  total_count: 1,
};

const DATEX2_EXAMPLE = `<?xml version="1.0" encoding="UTF-8"?>
<messageContainer xmlns="http://datex2.eu/schema/3/messageContainer" xmlns:com="http://datex2.eu/schema/3/common" xmlns:par="http://datex2.eu/schema/3/parking" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" modelBaseVersion="3"><payload xsi:type="par:ParkingStatusPublication" lang="en" modelBaseVersion="3">...</payload></messageContainer>`;

const DATEX2_JSON: JsonObject = {
  type: 'object',
  description:
    'The messageContainer in the DATEX II v3 JSON encoding: element names as keys, repeatable elements as arrays, an abstract element as one key of namespace prefix + concrete type (`prkParkingTablePublication`, `prkUrbanParkingSite`, `locPointLocation`), `idG` / `versionG` / `modelBaseVersionG` for the identity and model attributes, enumerations as `{ value }`, multilingual strings as `{ values: [{ lang, value }] }`',
  required: ['payload', 'exchangeInformation'],
  properties: {
    payload: { type: 'array', items: { type: 'object', additionalProperties: true } },
    exchangeInformation: { type: 'object', additionalProperties: true },
  },
};

const DATEX2_JSON_EXAMPLE: JsonObject = {
  payload: [
    {
      modelBaseVersionG: '3',
      prkParkingStatusPublication: {
        lang: 'en',
        publicationTime: '2025-10-23T08:00:05.000Z',
        publicationCreator: { country: 'eu', nationalIdentifier: 'mobility-hub' },
        parkingTableReference: [{ idG: 'mobility-hub-parking-table', versionG: '1' }],
        headerInformation: { confidentiality: { value: 'noRestriction' }, informationStatus: { value: 'real' } },
        parkingRecordStatus: [
          {
            prkParkingSiteStatus: {
              parkingRecordReference: { idG: 'vitalis:p1', versionG: '1' },
              parkingStatusOriginTime: '2025-10-23T08:00:00.000Z',
              parkingOccupancy: {
                parkingNumberOfSpacesOverride: 600,
                parkingNumberOfVacantSpaces: 137,
                parkingNumberOfOccupiedSpaces: 463,
              },
              groupOfParkingSpacesStatus: [
                { groupIndex: 1, groupOfParkingSpacesStatus: { parkingNumberOfVacantSpaces: 3 } },
              ],
              parkingSiteStatus: { value: 'spacesAvailable' },
              parkingSiteOpeningStatus: { value: 'open' },
            },
          },
        ],
      },
    },
  ],
  exchangeInformation: {
    exchangeContext: {
      codedExchangeProtocol: { value: 'snapshotPull' },
      exchangeSpecificationVersion: '3',
      supplierOrCisRequester: { name: 'mobility-hub' },
    },
    dynamicInformation: { exchangeStatus: { value: 'online' }, messageGenerationTimestamp: '2025-10-23T08:00:05.000Z' },
  },
};

export const EXPORT_PATHS: JsonObject = {
  '/v1/export/gtfs-rt/trip-updates': gtfsRt('TripUpdates', 'exportGtfsRtTripUpdates', 'trip updates'),
  '/v1/export/gtfs-rt/vehicle-positions': gtfsRt(
    'VehiclePositions',
    'exportGtfsRtVehiclePositions',
    'vehicle positions',
  ),
  '/v1/export/gtfs-rt/alerts': gtfsRt('Alerts', 'exportGtfsRtAlerts', 'alerts'),
  '/v1/export/parkapi': read(
    'export',
    'exportParkApi',
    'Car parks as ParkAPI v3 parking sites',
    'Every car park the `/v1/parkings` filters match (no paging), as ParkAPI v3 `{ items, total_count }`. ParkAPI has no FULL status: a full car park is OPEN with `realtime_free_capacity: 0`; `disabled` and `bicycle` sites have `type: OTHER` (bicycle: `purpose: BIKE`). Facility details in ParkAPI v3 fields: opening_hours, has_fee, fee_description, max_height (cm), restrictions max_stay (the maximum stay), park_and_ride_type, operator_name, public_url, an OSM external identifier, capacity_ / realtime_free_capacity_ charging, woman, family, carsharing, truck, bus.',
    queryParams(parkapiExportQuery, FILTERS),
    ok('the parking sites', {
      'application/json': {
        schema: {
          type: 'object',
          required: ['items', 'total_count'],
          properties: { items: { type: 'array', items: PARKAPI_SITE }, total_count: { type: 'integer' } },
        },
        example: PARKAPI_EXAMPLE,
      },
    }),
    readErrors(),
  ),
  '/v1/export/datex2/parking': read(
    'export',
    'exportDatex2Parking',
    'Car parks as DATEX II v3 parking publications',
    'One DATEX II v3 `messageContainer` with a `ParkingTablePublication` (names, capacity, position, kind, places for disabled persons as a `groupOfParkingSpaces` assigned to `disabled` users) and a `ParkingStatusPublication` (free, occupied, free places for disabled persons as the `groupOfParkingSpacesStatus` of that group, status, origin time) of every car park the `/v1/parkings` filters match, with the facility details (page, operator, height limit, tariffs, charging points and their free count, park-and-ride, opening times; docs/interface.md § Exports); `publication=table` or `status` for one. Records are `UrbanParkingSite`s whose id is the hub id. XML by default; `Accept: application/json` gives the DATEX II v3 JSON encoding of the same messageContainer.',
    queryParams(datex2ExportQuery, {
      ...FILTERS,
      publication: { description: 'only this publication (default: both)' },
    }),
    ok('the messageContainer', {
      'application/xml': { schema: { type: 'string' }, example: DATEX2_EXAMPLE },
      'application/json': { schema: DATEX2_JSON, example: DATEX2_JSON_EXAMPLE },
    }),
    readErrors(),
  ),
};
