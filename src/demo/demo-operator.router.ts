import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCode } from '../common/error-codes.js';
import { DEMO_PARKING_FIELDS, DEMO_PATHS } from './demo-sources.js';
import type { Timetable } from './gtfs-timetable.js';
import { buildAlerts, buildTripUpdates, buildVehiclePositions } from './gtfs-rt.builder.js';
import type { RtInput } from './gtfs-rt.builder.js';
import { sendCacheable, sendJson } from './http-cache.js';
import type { Representation } from './http-cache.js';
import { stepStartMs } from './occupancy-curve.js';
import { buildParkingRecords, parsePaging } from './parking-records.builder.js';

export interface DemoRouterDeps {
  now: () => Date;
  seed: number;
  timetable: Timetable;
  gtfsZip: Buffer;
  gtfsBuiltAtMs: number;
  /** Base URL the index advertises, e.g. http://127.0.0.1:8787 */
  baseUrl: () => string;
}

const PROTOBUF = 'application/x-protobuf';
const JSON_TYPE = 'application/json; charset=utf-8';

type Handler = (deps: DemoRouterDeps, query: URLSearchParams) => Representation;

function parkingRecords(deps: DemoRouterDeps, query: URLSearchParams): Representation {
  const nowMs = deps.now().getTime();
  const body = buildParkingRecords(nowMs, deps.seed, parsePaging(query));
  return {
    body: Buffer.from(JSON.stringify(body), 'utf8'),
    contentType: JSON_TYPE,
    lastModifiedMs: stepStartMs(nowMs),
    maxAgeSeconds: 5,
  };
}

function realtime(build: (input: RtInput) => Uint8Array): Handler {
  return (deps) => {
    const nowMs = deps.now().getTime();
    const bytes = build({ timetable: deps.timetable, nowMs, seed: deps.seed });
    return {
      body: Buffer.from(bytes),
      contentType: PROTOBUF,
      lastModifiedMs: nowMs,
      maxAgeSeconds: 5,
    };
  };
}

function gtfsStatic(deps: DemoRouterDeps): Representation {
  return {
    body: deps.gtfsZip,
    contentType: 'application/zip',
    lastModifiedMs: deps.gtfsBuiltAtMs,
    maxAgeSeconds: 3600,
  };
}

const HANDLERS: ReadonlyMap<string, Handler> = new Map<string, Handler>([
  [DEMO_PATHS.parkingRecords, parkingRecords],
  [DEMO_PATHS.gtfsStatic, gtfsStatic],
  [DEMO_PATHS.tripUpdates, realtime(buildTripUpdates)],
  [DEMO_PATHS.vehiclePositions, realtime(buildVehiclePositions)],
  [DEMO_PATHS.alerts, realtime(buildAlerts)],
]);

export function demoIndex(baseUrl: string): unknown {
  const url = (path: string): string => `${baseUrl}${path}`;
  return {
    name: 'Mobility Hub demo operator',
    description:
      'Simulated Grand Poitiers car parks (ODS records API v1) and a Vitalis-like bus network (GTFS, GTFS-Realtime).',
    endpoints: {
      parkingRecords: url(DEMO_PATHS.parkingRecords),
      gtfsStatic: url(DEMO_PATHS.gtfsStatic),
      tripUpdates: url(DEMO_PATHS.tripUpdates),
      vehiclePositions: url(DEMO_PATHS.vehiclePositions),
      alerts: url(DEMO_PATHS.alerts),
    },
    parkingFields: DEMO_PARKING_FIELDS,
  };
}

/** Routes one request; never throws (failures become a 500 JSON body). */
export function createDemoRouter(deps: DemoRouterDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    try {
      route(deps, req, res);
    } catch (err: unknown) {
      const message = err instanceof Error ? err.message : String(err);
      sendJson(res, 500, { error: { code: ErrorCode.INTERNAL, message } });
    }
  };
}

function route(deps: DemoRouterDeps, req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://demo.invalid');
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    sendJson(res, 405, {
      error: { code: ErrorCode.BAD_REQUEST, message: `${req.method} is not allowed` },
    });
    return;
  }
  if (url.pathname === DEMO_PATHS.index) {
    sendJson(res, 200, demoIndex(deps.baseUrl()));
    return;
  }
  const handler = HANDLERS.get(url.pathname);
  if (handler === undefined) {
    sendJson(res, 404, {
      error: { code: ErrorCode.NOT_FOUND, message: `no such path: ${url.pathname}` },
    });
    return;
  }
  sendCacheable(req.headers, res, handler(deps, url.searchParams), req.method === 'HEAD');
}
