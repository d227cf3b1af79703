import { z } from 'zod';
import { AppException } from '../common/app-exception.js';
import { ErrorCode } from '../common/error-codes.js';
import type { LiveConfig } from '../config/app-config.js';
import { isCursor } from './cursor.js';
import { type Box, cellCount, MAX_CELLS_PER_AREA } from './geo-cells.js';
import { type AreaShape, areaShape, boxSidesM } from './live-area.js';
import type { LiveArea } from './live-protocol.js';

/** A validated `subscribe` request. */
export interface SubscriptionSpec {
  parkings: string[];
  /** Every car park's events, whichever ids exist now or appear later. */
  allParkings: boolean;
  area?: { request: LiveArea; shape: AreaShape };
  stops: string[];
  routes: string[];
  alerts: boolean;
  sources: boolean;
  /** undefined: not given (the handshake cursor applies); null: explicitly no resume. */
  since: string | null | undefined;
}

export type SubscriptionLimits = Pick<LiveConfig, 'maxIdsPerSubscription' | 'maxRadiusM' | 'maxBboxSideM'>;

const lat = z.number().min(-90).max(90);
const lon = z.number().min(-180).max(180);

const schemas = new WeakMap<SubscriptionLimits, ReturnType<typeof buildSchema>>();

/** Built once per limits object: building a zod schema costs far more than using it. */
function requestSchema(limits: SubscriptionLimits): ReturnType<typeof buildSchema> {
  let schema = schemas.get(limits);
  if (schema === undefined) {
    schema = buildSchema(limits);
    schemas.set(limits, schema);
  }
  return schema;
}

function buildSchema(limits: SubscriptionLimits) {
  const ids = z
    .array(z.string().min(1).max(256))
    .max(limits.maxIdsPerSubscription, `at most ${limits.maxIdsPerSubscription} ids per subscription`)
    .transform((list) => [...new Set(list)]);
  const area = z
    .object({
      near: z.object({ lat, lon }).strict().optional(),
      radius: z.number().positive().max(limits.maxRadiusM, `at most ${limits.maxRadiusM} m`).optional(),
      bbox: z.tuple([lon, lat, lon, lat]).optional(),
    })
    .strict()
    .superRefine((a, ctx) => checkArea(a, limits, ctx));
  return z
    .object({
      parkings: ids.optional(),
      allParkings: z.boolean().optional(),
      area: area.optional(),
      stops: ids.optional(),
      routes: ids.optional(),
      alerts: z.boolean().optional(),
      sources: z.boolean().optional(),
      since: z
        .string()
        .refine(isCursor, 'not a cursor (expected "<ms>-<seq>", as found in events)')
        .nullable()
        .optional(),
    })
    .strict();
}

type AreaInput = { near?: { lat: number; lon: number }; radius?: number; bbox?: Box };

function checkArea(a: AreaInput, limits: SubscriptionLimits, ctx: z.RefinementCtx): void {
  const issue = (message: string, path: string) => ctx.addIssue({ code: 'custom', message, path: [path] });
  if (a.bbox !== undefined) {
    if (a.near !== undefined || a.radius !== undefined) return issue('use near + radius or bbox, not both', 'bbox');
    const [minLon, minLat, maxLon, maxLat] = a.bbox;
    if (minLon >= maxLon || minLat >= maxLat)
      return issue('expected [minLon, minLat, maxLon, maxLat] with min < max', 'bbox');
    const { widthM, heightM } = boxSidesM(a.bbox);
    if (Math.max(widthM, heightM) > limits.maxBboxSideM) {
      return issue(
        `each side at most ${limits.maxBboxSideM} m (this one: ${Math.round(Math.max(widthM, heightM))} m)`,
        'bbox',
      );
    }
    return;
  }
  if (a.near === undefined) return issue('expected { near: { lat, lon }, radius } or { bbox }', 'near');
  if (a.radius === undefined) issue('radius (m) is required with near', 'radius');
}

/** Validates a subscribe payload; anything wrong is a BAD_REQUEST naming each field. */
export function parseSubscription(input: unknown, limits: SubscriptionLimits): SubscriptionSpec {
  const parsed = requestSchema(limits).safeParse(input ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(payload)', message: i.message }));
    throw new AppException(ErrorCode.BAD_REQUEST, problems.map((p) => `${p.field}: ${p.message}`).join('; '), {
      details: problems,
    });
  }
  const r = parsed.data;
  const area = toArea(r.area);
  const shape = area === undefined ? undefined : areaShape(area);
  if (shape !== undefined && cellCount(shape.box) > MAX_CELLS_PER_AREA) {
    throw new AppException(ErrorCode.BAD_REQUEST, 'area: too large (lower LIVE_MAX_RADIUS / LIVE_MAX_BBOX)');
  }
  const spec: SubscriptionSpec = {
    parkings: r.parkings ?? [],
    allParkings: r.allParkings ?? false,
    area: area === undefined || shape === undefined ? undefined : { request: area, shape },
    stops: r.stops ?? [],
    routes: r.routes ?? [],
    alerts: r.alerts ?? false,
    sources: r.sources ?? false,
    since: r.since,
  };
  if (isEmpty(spec)) {
    throw new AppException(
      ErrorCode.BAD_REQUEST,
      'nothing to subscribe to: give parkings, allParkings: true, area, stops, routes, alerts: true or sources: true',
    );
  }
  return spec;
}

function toArea(a: AreaInput | undefined): LiveArea | undefined {
  if (a === undefined) return undefined;
  if (a.bbox !== undefined) return { bbox: a.bbox };
  return { near: a.near as { lat: number; lon: number }, radius: a.radius as number };
}

function isEmpty(s: SubscriptionSpec): boolean {
  return (
    s.parkings.length === 0 &&
    !s.allParkings &&
    s.area === undefined &&
    s.stops.length === 0 &&
    s.routes.length === 0 &&
    !s.alerts &&
    !s.sources
  );
}
