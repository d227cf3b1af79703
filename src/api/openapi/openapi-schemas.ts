import {
  PARKING_KINDS,
  PARKING_STATUSES,
  RESTRICTED_SPACE_KINDS,
  TRANSIT_MODES,
  WHEELCHAIR_ACCESS,
} from '../../parking/parking.model.js';
import { type JsonObject, nullable, ref } from './openapi-helpers.js';

const time = { type: 'string', format: 'date-time' };
const int = { type: 'integer' };
const str = { type: 'string' };

const latLon: JsonObject = {
  type: 'object',
  required: ['lat', 'lon'],
  properties: {
    lat: { type: 'number', minimum: -90, maximum: 90 },
    lon: { type: 'number', minimum: -180, maximum: 180 },
  },
};

const parking: JsonObject = {
  type: 'object',
  description: 'One facility as it is now.',
  required: [
    'id',
    'source',
    'name',
    'kind',
    'location',
    'capacity',
    'free',
    'occupied',
    'status',
    'trend',
    'observedAt',
    'receivedAt',
    'stale',
    'quality',
  ],
  properties: {
    id: { type: 'string', description: '`<sourceId>:<localId>`' },
    source: str,
    name: nullable(str),
    kind: { type: 'string', enum: [...PARKING_KINDS] },
    location: nullable(ref('LatLon')),
    address: str,
    capacity: nullable(int),
    free: nullable({ ...int, description: 'null when the operator does not know right now' }),
    occupied: nullable(int),
    disabled: {
      type: 'object',
      description:
        'places for disabled drivers (absent when the feed says nothing; both counts null when it says there are some without a count)',
      properties: { capacity: nullable(int), free: nullable(int) },
    },
    evCharging: {
      type: 'object',
      description:
        'places with a charging point for electric vehicles (absent when the feed says nothing; both counts null when it says there are some without a count)',
      required: ['capacity', 'free'],
      properties: { capacity: nullable(int), free: nullable(int) },
    },
    restrictedSpaces: {
      type: 'array',
      description:
        'places set aside for some users, other than disabled drivers (`disabled`) and charging (`evCharging`)',
      items: {
        type: 'object',
        required: ['kind', 'capacity', 'free'],
        properties: {
          kind: { type: 'string', enum: [...RESTRICTED_SPACE_KINDS] },
          capacity: nullable(int),
          free: nullable(int),
        },
      },
    },
    openingHours: {
      ...str,
      description:
        'OpenStreetMap `opening_hours` syntax, as the operator gives it (checked; a value that is not is left out)',
    },
    fees: {
      type: 'object',
      properties: {
        hasFee: { type: 'boolean' },
        url: { ...str, description: 'a page about the fees' },
        description: str,
        prices: {
          type: 'array',
          items: {
            type: 'object',
            required: ['minutes', 'amount', 'currency'],
            properties: {
              minutes: { ...int, description: 'parking time the amount pays for' },
              amount: { type: 'number', minimum: 0 },
              currency: { ...str, description: 'ISO 4217' },
            },
          },
        },
      },
    },
    maxHeightCm: { ...int, minimum: 0, description: 'maximum vehicle height, centimetres' },
    maxStayMinutes: { ...int, minimum: 0, description: 'longest stay allowed at the facility, minutes' },
    parkAndRide: { type: 'boolean' },
    publicTransportModes: { type: 'array', items: { type: 'string', enum: [...TRANSIT_MODES] } },
    operatorName: str,
    osmId: { ...str, description: 'OpenStreetMap element (`way/123`), or the bare number the feed gives' },
    wheelchair: { type: 'string', enum: [...WHEELCHAIR_ACCESS] },
    url: { ...str, description: "the operator's page about the facility" },
    status: { type: 'string', enum: [...PARKING_STATUSES] },
    trend: { type: 'string', enum: ['filling', 'emptying', 'stable', 'unknown'] },
    observedAt: { ...time, description: "the operator's measurement time (clock-skew corrected)" },
    receivedAt: { ...time, description: 'when the hub received it' },
    stale: { type: 'boolean', description: "older than the source's staleness limit (3 × interval, at most 30 min)" },
    quality: {
      type: 'array',
      items: str,
      description:
        'flags: free-negative-rejected, free-over-capacity-clamped, closed-with-free, duplicate-id, clock-skew-corrected, frozen, missing-name, missing-location, missing-capacity, no-realtime, value-out-of-range, observed-at-out-of-range',
    },
    distance: { type: 'integer', description: 'metres from `near` (only with `near`)' },
  },
};

const feature: JsonObject = {
  type: 'object',
  required: ['type', 'id', 'geometry', 'properties'],
  properties: {
    type: { const: 'Feature' },
    id: str,
    geometry: {
      type: 'object',
      required: ['type', 'coordinates'],
      properties: {
        type: { const: 'Point' },
        coordinates: { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2 },
      },
    },
    properties: { type: 'object', description: 'the Parking without `location`' },
  },
};

const unmatched: JsonObject = {
  type: 'object',
  description: 'GTFS-RT: ids the feed named that its static feed does not have, in the last successful poll',
  required: ['trips', 'stops', 'routes'],
  properties: { trips: int, stops: int, routes: int },
};

const sourceHealth: JsonObject = {
  type: 'object',
  required: [
    'id',
    'kind',
    'format',
    'status',
    'intervalMs',
    'lastPollAt',
    'lastSuccessAt',
    'lastChangeAt',
    'consecutiveFailures',
    'latencyMs',
    'bytes',
    'entities',
    'warnings',
    'stale',
  ],
  properties: {
    id: str,
    kind: { type: 'string', enum: ['parking', 'gtfs', 'gtfs-rt'] },
    format: nullable(str),
    status: { type: 'string', enum: ['ok', 'degraded', 'down', 'disabled'] },
    lastPollAt: nullable(time),
    lastSuccessAt: nullable(time),
    lastChangeAt: nullable(time),
    lastError: {
      type: 'object',
      required: ['code', 'message', 'at'],
      properties: { code: str, message: str, at: time },
    },
    consecutiveFailures: int,
    latencyMs: nullable({ type: 'number', description: 'duration of the last poll' }),
    bytes: nullable({ ...int, description: 'size of the last payload' }),
    entities: nullable(int),
    warnings: { ...int, description: 'records of the last payload refused, with a warning each' },
    stale: { type: 'boolean', description: "this source's values are served flagged stale right now" },
    clockSkewMs: { type: 'number' },
    dateHeaderSkewMs: {
      type: 'number',
      description:
        "the last response's HTTP Date minus the hub's clock, whole seconds in ms (0 within 60 s; absent: no Date header seen)",
    },
    intervalMs: int,
    failingSince: { ...time, description: 'start of the current run of failed polls (absent while polls succeed)' },
    nextPollAt: { ...time, description: 'earliest next poll, when the hub waits longer than the interval' },
    pacedBy: { type: 'string', enum: ['retry-after', 'max-age', 'backoff'], description: 'why `nextPollAt` is later' },
    unmatched,
    importing: {
      type: 'object',
      description:
        'GTFS: an import of a new timetable version running now (absent otherwise): the file being read (null between files), files done, rows so far, when it started and when this was written',
      required: ['startedAt', 'file', 'filesDone', 'rows', 'at'],
      properties: { startedAt: time, file: { type: ['string', 'null'] }, filesDone: int, rows: int, at: time },
    },
    historyLost: {
      type: 'object',
      description:
        'history rows of this source never written (refused for their values: STORAGE_DATA_ERROR; dated outside the history window: HISTORY_OUT_OF_RANGE; or a history job that failed for good): `rows` since the record began, the rest about the last loss',
      required: ['rows', 'at', 'lastRows', 'code', 'message'],
      properties: { rows: int, at: time, lastRows: int, code: str, message: str },
    },
    recentWarnings: {
      type: 'array',
      maxItems: 20,
      description:
        'the last warnings (a record skipped, the static reference unavailable) and failed polls, newest first, each once (a repeat moves it up with its new time)',
      items: {
        type: 'object',
        required: ['kind', 'code', 'message', 'at'],
        properties: {
          kind: { type: 'string', enum: ['warning', 'error'] },
          code: str,
          message: str,
          ref: { type: 'string', description: 'where: a record id, a CSV line, `static …` for the static reference' },
          at: { ...time, description: 'the last poll that reported it' },
        },
      },
    },
  },
};

const pollRecord: JsonObject = {
  type: 'object',
  description: 'one poll, newest first',
  required: ['at', 'outcome', 'latencyMs', 'bytes'],
  properties: {
    at: time,
    outcome: { type: 'string', enum: ['changed', 'unchanged', 'not-modified', 'failed'] },
    latencyMs: { type: 'number' },
    bytes: nullable(int),
    entities: int,
    changes: int,
    warnings: int,
    warningDetails: {
      type: 'array',
      maxItems: 20,
      description: "the poll's first warnings (absent when the payload was not read)",
      items: {
        type: 'object',
        required: ['code', 'message'],
        properties: { code: str, message: str, ref: str },
      },
    },
    errorCode: str,
    errorMessage: str,
    clockSkewMs: { type: 'number' },
    dateHeaderSkewMs: { type: 'number', description: "the response's HTTP Date minus the hub's clock (0 within 60 s)" },
    unmatched,
    retryAfterMs: { type: 'number', description: 'Retry-After the operator sent, in ms' },
    maxAgeMs: { type: 'number', description: 'Cache-Control max-age the operator sent, in ms' },
    verdict: {
      type: 'object',
      description: 'the payload parsed but is not usable as a whole (e.g. NO_VALID_RECORDS)',
      required: ['code', 'message'],
      properties: { code: str, message: str },
    },
  },
};

const apiKey: JsonObject = {
  type: 'object',
  required: ['id', 'name', 'prefix', 'perMinute', 'createdAt', 'revokedAt'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    name: str,
    prefix: { type: 'string', description: 'the first characters of the key, to tell keys apart' },
    perMinute: { type: 'integer', description: 'requests per minute' },
    createdAt: time,
    revokedAt: nullable(time),
  },
};

const stop: JsonObject = {
  type: 'object',
  required: ['id', 'source', 'name', 'location'],
  properties: {
    id: str,
    source: str,
    code: nullable(str),
    name: str,
    location: nullable(ref('LatLon')),
    locationType: { type: 'integer', description: 'GTFS location_type' },
    parentStation: nullable(str),
    wheelchairBoarding: nullable(int),
    distance: { type: 'integer', description: 'metres from `near` (only with `near`)' },
  },
};

const route: JsonObject = {
  type: 'object',
  required: ['id', 'source', 'shortName', 'longName', 'type', 'color'],
  properties: {
    id: str,
    source: str,
    agencyId: nullable(str),
    shortName: nullable(str),
    longName: nullable(str),
    type: { type: 'integer', description: 'GTFS route_type (3 = bus)' },
    color: nullable(str),
    textColor: nullable(str),
    url: nullable(str),
  },
};

const share = (description: string): JsonObject =>
  nullable({ type: 'number', minimum: 0, maximum: 1, description: `${description}; null without calls` });
const seconds = (description: string): JsonObject =>
  nullable({ type: 'number', description: `${description} (s, negative = early); null without calls` });

const punctuality: JsonObject = {
  type: 'object',
  required: [
    'from',
    'to',
    'timezone',
    'earlyTolerance',
    'lateTolerance',
    'observations',
    'onTime',
    'early',
    'late',
    'onTimeShare',
    'delay',
    'byHour',
  ],
  properties: {
    routeId: { ...str, description: 'on /v1/routes/{id}/punctuality' },
    stopId: { ...str, description: 'on /v1/stops/{id}/punctuality (a station: its platforms included)' },
    from: time,
    to: time,
    timezone: {
      ...str,
      description: "the hours of `byHour` are on this zone's clock: `tz`, else the feed's agency_timezone",
    },
    earlyTolerance: { ...int, description: 'a call more than this many seconds early is early' },
    lateTolerance: { ...int, description: 'a call this many seconds late or more is late' },
    observations: {
      ...int,
      description: 'calls (trip, service day, stop) with a reported delay, each with its last report',
    },
    onTime: int,
    early: int,
    late: int,
    onTimeShare: share('onTime / observations'),
    delay: {
      type: 'object',
      required: ['p50', 'p90', 'p95'],
      description: 'delay percentiles, linear interpolation (Postgres percentile_cont)',
      properties: { p50: seconds('median'), p90: seconds('90th percentile'), p95: seconds('95th percentile') },
    },
    byHour: {
      type: 'array',
      minItems: 24,
      maxItems: 24,
      description: 'the 24 hours of the day (0–23), over every day of the range',
      items: {
        type: 'object',
        required: ['hour', 'observations', 'onTimeShare', 'p50', 'p90'],
        properties: {
          hour: { type: 'integer', minimum: 0, maximum: 23 },
          observations: int,
          onTimeShare: share('on time / observations of the hour'),
          p50: seconds('median'),
          p90: seconds('90th percentile'),
        },
      },
    },
  },
};

const departure: JsonObject = {
  type: 'object',
  required: ['stopId', 'route', 'tripId', 'headsign', 'scheduledTime', 'estimatedTime', 'delay', 'realtime', 'status'],
  properties: {
    stopId: str,
    route: {
      type: 'object',
      required: ['id', 'shortName', 'longName', 'color'],
      properties: { id: str, shortName: nullable(str), longName: nullable(str), color: nullable(str) },
    },
    tripId: str,
    headsign: nullable(str),
    scheduledTime: time,
    estimatedTime: nullable(time),
    delay: {
      type: 'integer',
      description: 'seconds late (negative = early); 0 without a prediction (then `realtime` is false)',
    },
    realtime: { type: 'boolean' },
    status: { type: 'string', enum: ['scheduled', 'on-time', 'delayed', 'early', 'canceled', 'skipped'] },
    vehicleId: str,
    wheelchairAccessible: nullable({
      type: 'integer',
      enum: [0, 1, 2],
      description: 'trips.txt wheelchair_accessible: 0 no information, 1 accessible, 2 not; null when not given',
    }),
    bikesAllowed: nullable({
      type: 'integer',
      enum: [0, 1, 2],
      description: 'trips.txt bikes_allowed: 0 no information, 1 allowed, 2 not; null when not given',
    }),
    arrivalOnly: {
      const: true,
      description: 'the vehicle arrives here and nobody boards (last stop, pickup_type 1); only with include=arrivals',
    },
    interpolated: { const: true, description: 'stop_times.txt left this time blank: interpolated between timepoints' },
    tripStartTime: {
      type: 'string',
      example: '07:10:00',
      description: 'a frequencies.txt trip: when this instance leaves its first stop (GTFS-RT start_time)',
    },
    headwayBased: {
      const: true,
      description: 'frequencies.txt exact_times=0: the vehicle runs every headwaySecs; scheduledTime is nominal',
    },
    headwaySecs: { type: 'integer', description: 'with headwayBased: the headway in seconds' },
    realtimeOnly: {
      const: true,
      description:
        "from a gtfs-rt source without a timetable (no `feed`): the feed's own times, no schedule behind them",
    },
  },
};

const vehicle: JsonObject = {
  type: 'object',
  required: ['id', 'routeId', 'tripId', 'location', 'observedAt', 'stale'],
  properties: {
    id: str,
    source: str,
    routeId: nullable(str),
    tripId: nullable(str),
    label: nullable(str),
    location: ref('LatLon'),
    bearing: { type: 'number' },
    speed: { type: 'number', description: 'm/s' },
    occupancy: { type: 'string', description: 'GTFS-RT OccupancyStatus name' },
    stopId: nullable(str),
    currentStatus: nullable(str),
    observedAt: time,
    stale: { type: 'boolean' },
  },
};

const alert: JsonObject = {
  type: 'object',
  required: ['id', 'cause', 'effect', 'header', 'description', 'activePeriods', 'routes', 'stops'],
  properties: {
    id: str,
    source: str,
    cause: str,
    effect: str,
    severity: nullable(str),
    header: nullable(str),
    description: nullable(str),
    url: nullable(str),
    translations: { type: 'object' },
    activePeriods: {
      type: 'array',
      items: { type: 'object', properties: { start: nullable(time), end: nullable(time) } },
    },
    routes: { type: 'array', items: str },
    stops: { type: 'array', items: str },
    informedEntities: { type: 'array', items: { type: 'object' } },
  },
};

/** components.schemas of the document. */
export const SCHEMAS: JsonObject = {
  Error: {
    type: 'object',
    required: ['error'],
    properties: {
      error: {
        type: 'object',
        required: ['code', 'message'],
        properties: {
          code: {
            type: 'string',
            enum: [
              'BAD_REQUEST',
              'UNAUTHORIZED',
              'NOT_FOUND',
              'PAYLOAD_TOO_LARGE',
              'RATE_LIMITED',
              'UNAVAILABLE',
              'STORAGE_UNAVAILABLE',
              'CONFIG_INVALID',
              'INTERNAL',
            ],
          },
          message: str,
          details: {
            description: 'for a bad parameter: `[{ parameter, message }]`; for 429: `{ limit, retryAfterS }`',
          },
        },
      },
    },
  },
  ListMeta: {
    type: 'object',
    required: ['count', 'next', 'generatedAt'],
    properties: {
      count: int,
      next: nullable({ type: 'string', description: 'pass as `cursor` for the next page' }),
      generatedAt: time,
      ignored: {
        type: 'array',
        items: str,
        description: 'unknown query parameters, left aside (e.g. a cache-buster `_`); absent when none',
      },
      hint: {
        type: 'string',
        description:
          'car parks: an empty near/bbox answer that lat and lon swapped would fill; departures: the timetable does not cover the day asked',
      },
      hintCode: {
        type: 'string',
        enum: ['FEED_EXPIRED', 'FEED_NOT_STARTED'],
        description: 'departures: why `hint` is there',
      },
    },
  },
  LatLon: latLon,
  Parking: parking,
  ParkingFeature: feature,
  ParkingFeatureCollection: {
    type: 'object',
    required: ['type', 'features'],
    properties: {
      type: { const: 'FeatureCollection' },
      features: { type: 'array', items: ref('ParkingFeature') },
      meta: ref('ListMeta'),
    },
  },
  HistoryObservation: {
    type: 'object',
    required: ['t', 'free', 'occupied', 'capacity', 'status', 'occupancy', 'quality'],
    properties: {
      t: time,
      free: nullable(int),
      occupied: nullable(int),
      capacity: nullable(int),
      status: str,
      occupancy: nullable({ type: 'number', minimum: 0, maximum: 1, description: 'occupied / capacity' }),
      quality: { type: 'array', items: str },
    },
  },
  HistoryBucket: {
    type: 'object',
    required: ['t', 'free', 'occupancy'],
    properties: {
      t: { ...time, description: 'bucket start (UTC multiple of the bucket size)' },
      free: {
        type: 'object',
        required: ['min', 'avg', 'max'],
        description: 'over the values in force during the bucket; avg weighted by how long each held',
        properties: { min: nullable(int), avg: nullable({ type: 'number' }), max: nullable(int) },
      },
      occupancy: nullable({ type: 'number', minimum: 0, maximum: 1, description: 'time-weighted occupied / capacity' }),
    },
  },
  HistoryMeta: {
    type: 'object',
    required: ['parking', 'from', 'to', 'bucket'],
    properties: {
      parking: str,
      from: time,
      to: time,
      bucket: nullable({ type: 'string', enum: ['5m', '15m', '1h', '1d'] }),
    },
  },
  SourceHealth: sourceHealth,
  SourceHealthDetail: {
    allOf: [ref('SourceHealth'), { type: 'object', properties: { recentPolls: { type: 'array', items: pollRecord } } }],
  },
  SourceOutage: {
    type: 'object',
    required: ['sourceId', 'startedAt', 'endedAt', 'cause', 'pollsFailed', 'endReason', 'ongoing', 'durationMs'],
    properties: {
      sourceId: str,
      startedAt: { ...time, description: 'first failed poll of the run that took the source down' },
      endedAt: nullable({ ...time, description: 'first successful poll after it' }),
      cause: { type: 'object', required: ['code', 'message'], properties: { code: str, message: str } },
      pollsFailed: int,
      endReason: nullable({
        type: 'string',
        enum: ['recovered', 'source-removed'],
        description: 'recovered: a poll succeeded; source-removed: the source left sources.yaml while down',
      }),
      ongoing: { type: 'boolean' },
      durationMs: nullable(int),
    },
  },
  ApiKey: apiKey,
  NewApiKey: {
    allOf: [
      ref('ApiKey'),
      { type: 'object', required: ['key'], properties: { key: { type: 'string', description: 'shown once' } } },
    ],
  },
  Stop: stop,
  Route: route,
  Departure: departure,
  Punctuality: punctuality,
  Vehicle: vehicle,
  Alert: alert,
};
