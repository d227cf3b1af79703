import type { JsonObject } from './openapi-helpers.js';

/**
 * Examples from the demo operator (Grand Poitiers car parks, Vitalis-like network): what
 * `npm start` serves, so a reader can try the same requests and see the same shapes.
 */
export const PARKING_EXAMPLE: JsonObject = {
  id: 'poitiers-parkings:2',
  source: 'poitiers-parkings',
  name: 'HOTEL DE VILLE',
  kind: 'car-park',
  location: { lat: 46.5793235337795, lon: 0.3385507838016221 },
  capacity: 625,
  free: 212,
  occupied: 413,
  status: 'open',
  trend: 'filling',
  observedAt: '2025-10-23T08:14:00.000Z',
  receivedAt: '2025-10-23T08:14:03.412Z',
  stale: false,
  quality: [],
};

export const PARKING_NEAR_EXAMPLE: JsonObject = {
  data: [
    { ...PARKING_EXAMPLE, distance: 208 },
    {
      id: 'poitiers-parkings:3',
      source: 'poitiers-parkings',
      name: 'THEATRE',
      kind: 'car-park',
      location: { lat: 46.58383455409422, lon: 0.33779491061805567 },
      capacity: 320,
      free: 41,
      occupied: 279,
      status: 'open',
      trend: 'stable',
      observedAt: '2025-10-23T08:14:00.000Z',
      receivedAt: '2025-10-23T08:14:03.412Z',
      stale: false,
      quality: [],
      distance: 379,
    },
  ],
  meta: { count: 2, next: null, generatedAt: '2025-10-23T08:14:05.020Z' },
};

export const PARKING_GEOJSON_EXAMPLE: JsonObject = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      id: 'poitiers-parkings:2',
      geometry: { type: 'Point', coordinates: [0.3385507838016221, 46.5793235337795] },
      properties: {
        id: 'poitiers-parkings:2',
        source: 'poitiers-parkings',
        name: 'HOTEL DE VILLE',
        kind: 'car-park',
        capacity: 625,
        free: 212,
        occupied: 413,
        status: 'open',
        trend: 'filling',
        observedAt: '2025-10-23T08:14:00.000Z',
        receivedAt: '2025-10-23T08:14:03.412Z',
        stale: false,
        quality: [],
        distance: 208,
      },
    },
  ],
  meta: { count: 1, next: null, generatedAt: '2025-10-23T08:14:05.020Z' },
};

export const HISTORY_RAW_EXAMPLE: JsonObject = {
  data: [
    {
      t: '2025-10-23T08:00:00.000Z',
      free: 240,
      occupied: 385,
      capacity: 625,
      status: 'open',
      occupancy: 0.616,
      quality: [],
    },
    {
      t: '2025-10-23T08:01:00.000Z',
      free: 236,
      occupied: 389,
      capacity: 625,
      status: 'open',
      occupancy: 0.622,
      quality: [],
    },
  ],
  meta: {
    count: 2,
    next: null,
    generatedAt: '2025-10-23T08:14:05.020Z',
    parking: 'poitiers-parkings:2',
    from: '2025-10-23T08:00:00.000Z',
    to: '2025-10-23T08:02:00.000Z',
    bucket: null,
  },
};

export const HISTORY_BUCKET_EXAMPLE: JsonObject = {
  data: [
    { t: '2025-10-23T07:00:00.000Z', free: { min: 240, avg: 301.4, max: 377 }, occupancy: 0.518 },
    { t: '2025-10-23T08:00:00.000Z', free: { min: 187, avg: 214.9, max: 240 }, occupancy: 0.656 },
  ],
  meta: {
    count: 2,
    next: null,
    generatedAt: '2025-10-23T08:14:05.020Z',
    parking: 'poitiers-parkings:2',
    from: '2025-10-23T07:00:00.000Z',
    to: '2025-10-23T09:00:00.000Z',
    bucket: '1h',
  },
};

export const HISTORY_CSV_EXAMPLE =
  't,free_min,free_avg,free_max,occupancy\r\n2025-10-23T07:00:00.000Z,240,301.4,377,0.518\r\n2025-10-23T08:00:00.000Z,187,214.9,240,0.656\r\n';

export const SOURCE_EXAMPLE: JsonObject = {
  id: 'poitiers-parkings',
  kind: 'parking',
  format: 'opendatasoft',
  status: 'ok',
  lastPollAt: '2025-10-23T08:14:03.400Z',
  lastSuccessAt: '2025-10-23T08:14:03.400Z',
  lastChangeAt: '2025-10-23T08:14:03.400Z',
  consecutiveFailures: 0,
  latencyMs: 6.4,
  bytes: 8231,
  entities: 10,
  warnings: 0,
  intervalMs: 10000,
  stale: false,
};

export const STOP_EXAMPLE: JsonObject = {
  id: 'vitalis-gtfs:HOTEL_DE_VILLE',
  source: 'vitalis-gtfs',
  code: null,
  name: 'Hôtel de Ville',
  location: { lat: 46.5804, lon: 0.3401 },
  locationType: 0,
  parentStation: null,
  wheelchairBoarding: null,
};

export const ROUTE_EXAMPLE: JsonObject = {
  id: 'vitalis-gtfs:L1',
  source: 'vitalis-gtfs',
  agencyId: 'vitalis-gtfs:VITALIS',
  shortName: '1',
  longName: 'Gare ↔ CHU Milétrie',
  type: 3,
  color: '0072BC',
  textColor: 'FFFFFF',
  url: null,
};

export const DEPARTURE_EXAMPLE: JsonObject = {
  stopId: 'vitalis-gtfs:HOTEL_DE_VILLE',
  route: { id: 'vitalis-gtfs:L1', shortName: '1', longName: 'Gare ↔ CHU Milétrie', color: '0072BC' },
  tripId: 'vitalis-gtfs:L1-0-0800',
  headsign: 'CHU Milétrie',
  scheduledTime: '2025-10-23T08:20:00.000Z',
  estimatedTime: '2025-10-23T08:22:00.000Z',
  delay: 120,
  realtime: true,
  status: 'delayed',
  vehicleId: 'vitalis-rt:V101',
  wheelchairAccessible: 1,
  bikesAllowed: null,
};

export const VEHICLE_EXAMPLE: JsonObject = {
  id: 'vitalis-rt:V101',
  source: 'vitalis-rt',
  routeId: 'vitalis-gtfs:L1',
  tripId: 'vitalis-gtfs:L1-0-0800',
  label: '101',
  location: { lat: 46.5812, lon: 0.3362 },
  bearing: 95,
  speed: 6.2,
  stopId: 'vitalis-gtfs:HOTEL_DE_VILLE',
  currentStatus: 'IN_TRANSIT_TO',
  observedAt: '2025-10-23T08:18:45.000Z',
  stale: false,
};

export const ALERT_EXAMPLE: JsonObject = {
  id: 'vitalis-rt:works-notre-dame',
  source: 'vitalis-rt',
  cause: 'CONSTRUCTION',
  effect: 'DETOUR',
  severity: null,
  header: 'Travaux place Notre-Dame',
  description: 'Arrêt Notre-Dame déplacé rue de la Regratterie.',
  url: null,
  activePeriods: [{ start: '2025-10-20T05:00:00.000Z', end: '2025-10-31T22:00:00.000Z' }],
  routes: ['vitalis-gtfs:L2'],
  stops: ['vitalis-gtfs:NOTRE_DAME'],
};
