import { ALERT_EXAMPLE, DEPARTURE_EXAMPLE, ROUTE_EXAMPLE, STOP_EXAMPLE, VEHICLE_EXAMPLE } from './openapi-examples.js';
import {
  DEFAULT_EARLY_TOLERANCE_S,
  DEFAULT_LATE_TOLERANCE_S,
  PUNCTUALITY_MAX_SPAN_DAYS,
  punctualityQuery,
} from '../../transit/punctuality.query.js';
import { DEFAULT_STOP_RADIUS_M } from '../../transit/transit-query.service.js';
import {
  alertListQuery,
  departuresQuery,
  routeListQuery,
  stopListQuery,
  vehicleListQuery,
} from '../../transit/transit-queries.js';
import { GEO_PARAMS, PAGE_PARAMS, SOURCE_PARAM } from './openapi-components.js';
import { type Json, type JsonObject, json, listOf, ok, path, read, readErrors, ref } from './openapi-helpers.js';
import { queryParams } from './openapi-zod.js';

const meta = { count: 1, next: null, generatedAt: '2025-10-23T08:18:50.000Z' };

const PUNCTUALITY_EXAMPLE: JsonObject = {
  routeId: 'caltrain:L1',
  from: '2026-10-30T00:00:00.000Z',
  to: '2026-11-03T00:00:00.000Z',
  timezone: 'America/Los_Angeles',
  earlyTolerance: DEFAULT_EARLY_TOLERANCE_S,
  lateTolerance: DEFAULT_LATE_TOLERANCE_S,
  observations: 180,
  onTime: 72,
  early: 41,
  late: 67,
  onTimeShare: 0.4,
  delay: { p50: 123.5, p90: 691, p95: 804.2 },
  byHour: Array.from(
    { length: 24 },
    (_, hour): Json =>
      hour === 8
        ? { hour, observations: 9, onTimeShare: 0.5555555555555556, p50: 96, p90: 590.4 }
        : { hour, observations: 0, onTimeShare: null, p50: null, p90: null },
  ),
};

/** The query parameters of both punctuality routes. */
const PUNCTUALITY_PARAMS = queryParams(punctualityQuery, {
  from: {
    description: `start (ISO 8601 with zone); default 7 days before \`to\`; at most ${PUNCTUALITY_MAX_SPAN_DAYS} days before it`,
  },
  to: { description: 'end, excluded (ISO 8601 with zone); default now' },
  earlyTolerance: {
    description: 'seconds early a call may be and still be on time (0–3600)',
    schema: { default: DEFAULT_EARLY_TOLERANCE_S },
  },
  lateTolerance: {
    description: 'seconds late from which a call is late (1–3600)',
    schema: { default: DEFAULT_LATE_TOLERANCE_S },
  },
  tz: {
    description: "IANA time zone of the hours of byHour; default the feed's agency_timezone",
    example: 'Europe/Paris',
  },
});

const PUNCTUALITY_DESCRIPTION = `From the delay history the GTFS-Realtime ingest keeps: each call (trip, service day, stop) counts once, with the last delay its feed reported, in the range that holds that report. On time: from \`earlyTolerance\` s early (default ${DEFAULT_EARLY_TOLERANCE_S}) to less than \`lateTolerance\` s late (default ${DEFAULT_LATE_TOLERANCE_S}). Percentiles interpolate linearly (percentile_cont). \`byHour\` has the 24 hours of the day on the clock of \`timezone\`. A range without reports has observations 0 and null shares and percentiles.`;

const punctualityAnswer = (example: JsonObject): JsonObject =>
  ok(
    'punctuality over the range',
    json(
      {
        type: 'object',
        required: ['data', 'meta'],
        properties: {
          data: ref('Punctuality'),
          meta: {
            type: 'object',
            required: ['generatedAt'],
            properties: {
              generatedAt: { type: 'string', format: 'date-time' },
              ignored: { type: 'array', items: { type: 'string' }, description: 'unknown query parameters' },
            },
          },
        },
      },
      { data: example, meta: { generatedAt: '2026-11-03T08:00:00.000Z' } },
    ),
  );

/** The Accept-Language header of the answers whose names come from the feed's translations.txt. */
const acceptLanguage = (what: string): JsonObject => ({
  name: 'Accept-Language',
  in: 'header',
  required: false,
  schema: { type: 'string' },
  example: 'fr-CH, es;q=0.5',
  description: `${what} from the feed's translations.txt in the first of these languages it has (same tag, else same primary language); the feed's own text otherwise. Answers carry \`Vary: Accept-Language\``,
});

export const TRANSIT_PATHS: JsonObject = {
  '/v1/stops': read(
    'transit',
    'listStops',
    'Stops near a point, in a box, or by name',
    'Stops of the static GTFS feeds. With `near`, items have `distance` and are sorted by it.',
    queryParams(stopListQuery, {
      ...GEO_PARAMS,
      radius: { ...GEO_PARAMS.radius, schema: { default: DEFAULT_STOP_RADIUS_M } },
      q: { description: "name search (case and accents ignored), in the feed's own names", example: 'hotel de ville' },
      source: SOURCE_PARAM,
      ...PAGE_PARAMS,
    }).concat(acceptLanguage('stop names')),
    ok('a page of stops', json(listOf(ref('Stop')), { data: [STOP_EXAMPLE], meta })),
    readErrors(),
  ),
  '/v1/stops/{id}': read(
    'transit',
    'getStop',
    'One stop',
    'One stop of a static GTFS feed.',
    [path('id', 'stop id', 'vitalis-gtfs:HOTEL_DE_VILLE'), acceptLanguage('the stop name')],
    ok('the stop', json(ref('Stop'), STOP_EXAMPLE)),
    readErrors('404'),
  ),
  '/v1/stops/{id}/departures': read(
    'transit',
    'listDepartures',
    'Next departures at a stop',
    "The timetable merged with GTFS-Realtime predictions: `estimatedTime`, `delay`, `status` (canceled and skipped stops included, flagged). frequencies.txt trips are expanded (`tripStartTime`, `headwayBased` for exact_times=0), blank stop times interpolated (`interpolated`); a trip's last stop and stops without pickup are arrivals, listed only with `include=arrivals`. `meta.hint`/`hintCode` when the feed's service does not cover the day asked.",
    [
      path('id', 'stop id', 'vitalis-gtfs:HOTEL_DE_VILLE'),
      ...queryParams(departuresQuery, {
        limit: { description: 'how many departures' },
        window: {
          description: 'how far ahead: a duration between 1m and 24h',
          example: '90m',
          schema: { default: '90m' },
        },
        at: { description: 'from this time instead of now (ISO 8601 with zone)' },
        include: {
          description:
            "arrivals: also the calls where nobody boards (a trip's last stop, pickup_type 1), flagged arrivalOnly",
          example: 'arrivals',
        },
      }),
      acceptLanguage('headsigns and route names (short and long)'),
    ],
    ok('departures, soonest first', json(listOf(ref('Departure')), { data: [DEPARTURE_EXAMPLE], meta })),
    readErrors('404'),
  ),
  '/v1/stops/{id}/punctuality': read(
    'transit',
    'getStopPunctuality',
    'On-time share and delay percentiles at a stop',
    `${PUNCTUALITY_DESCRIPTION} A station includes its platforms.`,
    [path('id', 'stop id', 'caltrain:santa_clara'), ...PUNCTUALITY_PARAMS],
    punctualityAnswer(
      (({ routeId: _routeId, ...rest }) => ({ stopId: 'caltrain:santa_clara', ...rest }))(PUNCTUALITY_EXAMPLE),
    ),
    readErrors('404'),
  ),
  '/v1/routes': read(
    'transit',
    'listRoutes',
    'Routes (lines)',
    'Routes of the static GTFS feeds.',
    queryParams(routeListQuery, { source: SOURCE_PARAM }).concat(acceptLanguage('route names (short and long)')),
    ok('routes', json(listOf(ref('Route')), { data: [ROUTE_EXAMPLE], meta })),
    readErrors(),
  ),
  '/v1/routes/{id}': read(
    'transit',
    'getRoute',
    'One route',
    'One route of a static GTFS feed.',
    [path('id', 'route id', 'vitalis-gtfs:L1'), acceptLanguage('route names (short and long)')],
    ok('the route', json(ref('Route'), ROUTE_EXAMPLE)),
    readErrors('404'),
  ),
  '/v1/routes/{id}/punctuality': read(
    'transit',
    'getRoutePunctuality',
    "On-time share and delay percentiles of a route's calls",
    `${PUNCTUALITY_DESCRIPTION} The route's trips are those of the feed's current timetable.`,
    [path('id', 'route id', 'caltrain:L1'), ...PUNCTUALITY_PARAMS],
    punctualityAnswer(PUNCTUALITY_EXAMPLE),
    readErrors('404'),
  ),
  '/v1/vehicles': read(
    'transit',
    'listVehicles',
    'Vehicle positions now',
    'From GTFS-Realtime VehiclePositions; `stale` when older than the source limit.',
    queryParams(vehicleListQuery, {
      route: { description: 'route id', example: 'vitalis-gtfs:L1' },
      bbox: GEO_PARAMS.bbox,
      source: SOURCE_PARAM,
    }),
    ok('vehicles', json(listOf(ref('Vehicle')), { data: [VEHICLE_EXAMPLE], meta })),
    readErrors(),
  ),
  '/v1/alerts': read(
    'transit',
    'listAlerts',
    'Service alerts active now',
    'From GTFS-Realtime Alerts, active at the time of the request.',
    queryParams(alertListQuery, {
      route: { description: 'route id', example: 'vitalis-gtfs:L2' },
      stop: { description: 'stop id' },
      source: SOURCE_PARAM,
    }),
    ok('alerts', json(listOf(ref('Alert')), { data: [ALERT_EXAMPLE], meta })),
    readErrors(),
  ),
};
