import { z } from 'zod';
import { AppException } from '../common/app-exception.js';
import { ErrorCode } from '../common/error-codes.js';
import { bboxParam, latLonParam } from '../common/http/geo-query.js';
import { parseQuery } from '../common/http/query-parsing.js';
import type { SubscribeRequest } from './live-protocol.js';
import { parseSubscription, type SubscriptionLimits } from './subscription-spec.js';

const KNOWN = new Set([
  'parkings',
  'allParkings',
  'near',
  'radius',
  'bbox',
  'stops',
  'routes',
  'alerts',
  'sources',
  'since',
  'apiKey',
]);

/** The filters; `since` and `apiKey` do not filter. */
const FILTERS = ['parkings', 'allParkings', 'near', 'radius', 'bbox', 'stops', 'routes', 'alerts', 'sources'];

/** `curl -N /v1/stream`: every car park, every alert, every source's health. */
export const EVERYTHING: Pick<SubscribeRequest, 'allParkings' | 'alerts' | 'sources'> = {
  allParkings: true,
  alerts: true,
  sources: true,
};

export const LAST_EVENT_ID = 'Last-Event-ID';

/** "true"/"1"/"" and "false"/"0". */
const flag = z
  .string()
  .refine((v) => ['true', '1', '', 'false', '0'].includes(v), 'expected true or false')
  .transform((v) => v === 'true' || v === '1' || v === '');

/** The query's syntax, checked with REST's own parameter parsers (geo-query.ts) and refinements. */
const sseQuery = z
  .object({
    near: latLonParam.optional(),
    radius: z.coerce.number().positive().optional(),
    bbox: bboxParam.optional(),
    allParkings: flag.optional(),
    alerts: flag.optional(),
    sources: flag.optional(),
  })
  .refine((q) => !(q.near !== undefined && q.bbox !== undefined), {
    message: 'use near or bbox, not both',
    path: ['bbox'],
  })
  .refine((q) => q.radius === undefined || q.near !== undefined, { message: 'radius needs near', path: ['radius'] });

/**
 * GET /v1/stream query -> the same request object a socket.io `subscribe` carries, validated by
 * the same schema and limits; every refusal is REST's 400 (`parameter: message`, details
 * `[{ parameter, message }]`, common/http/query-parsing.ts), naming the query parameter (or the
 * Last-Event-ID header). Lists are comma separated or repeated (`stops=a,b` or `stops=a&stops=b`);
 * `near=lat,lon` + `radius`, `bbox=minLon,minLat,maxLon,maxLat`. No filter at all is EVERYTHING.
 * `Last-Event-ID` (sent by EventSource when it reconnects) wins over `since`.
 */
export function sseSubscribeRequest(
  query: Record<string, unknown>,
  lastEventId: string | undefined,
  limits: SubscriptionLimits,
): SubscribeRequest {
  const unknown = Object.keys(query).filter((name) => !KNOWN.has(name));
  if (unknown.length > 0) {
    // Refused, not ignored: a misspelt filter would otherwise stream everything.
    throw badRequest(unknown.map((parameter) => ({ parameter, message: 'unknown parameter' })));
  }
  const q = parseQuery(sseQuery, {
    near: single(query.near),
    radius: single(query.radius),
    bbox: single(query.bbox),
    allParkings: single(query.allParkings),
    alerts: single(query.alerts),
    sources: single(query.sources),
  });
  const fromHeader = lastEventId !== undefined && lastEventId !== '';
  const request: SubscribeRequest = {};
  const parkings = list(query.parkings);
  const stops = list(query.stops);
  const routes = list(query.routes);
  if (parkings !== undefined) request.parkings = parkings;
  if (stops !== undefined) request.stops = stops;
  if (routes !== undefined) request.routes = routes;
  if (q.allParkings !== undefined) request.allParkings = q.allParkings;
  if (q.alerts !== undefined) request.alerts = q.alerts;
  if (q.sources !== undefined) request.sources = q.sources;
  // radius may be missing here: the subscription's validation then names it.
  if (q.near !== undefined) request.area = { near: q.near, radius: q.radius as number };
  if (q.bbox !== undefined) request.area = { bbox: q.bbox };
  const since = fromHeader ? lastEventId : single(query.since);
  if (since !== undefined) request.since = since;
  if (!FILTERS.some((name) => query[name] !== undefined)) Object.assign(request, EVERYTHING);
  checkLimits(request, limits, fromHeader);
  return request;
}

/** The subscription's own validation (limits, cursor), its fields renamed to the parameters they came from. */
function checkLimits(request: SubscribeRequest, limits: SubscriptionLimits, sinceFromHeader: boolean): void {
  try {
    parseSubscription(request, limits);
  } catch (error) {
    if (!(error instanceof AppException) || error.code !== ErrorCode.BAD_REQUEST) throw error;
    const fields = Array.isArray(error.details) ? (error.details as Array<{ field: string; message: string }>) : [];
    if (fields.length > 0) {
      throw badRequest(
        fields.map((p) => ({ parameter: parameterOf(p.field, request, sinceFromHeader), message: p.message })),
      );
    }
    // A whole-request refusal: "area: too large ..." or "nothing to subscribe to ...".
    const area = /^area: (.*)$/.exec(error.message);
    if (area !== null) throw badRequest([{ parameter: parameterOf('area', request, false), message: area[1] }]);
    throw badRequest([{ parameter: '(query)', message: error.message }]);
  }
}

/** A subscribe request field (`area.near.lat`, `parkings.3`) -> the query parameter it came from. */
function parameterOf(field: string, request: SubscribeRequest, sinceFromHeader: boolean): string {
  const [head, next] = field.split('.');
  if (head === 'since') return sinceFromHeader ? LAST_EVENT_ID : 'since';
  if (head !== 'area') return head === '(payload)' ? '(query)' : head;
  if (next === 'near' || next === 'radius' || next === 'bbox') return next;
  return request.area !== undefined && 'bbox' in request.area ? 'bbox' : 'near';
}

function badRequest(problems: Array<{ parameter: string; message: string }>): AppException {
  return new AppException(ErrorCode.BAD_REQUEST, problems.map((p) => `${p.parameter}: ${p.message}`).join('; '), {
    details: problems,
  });
}

function list(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  const values = Array.isArray(value) ? value : [value];
  return values
    .flatMap((v) => String(v).split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

/** A single-valued parameter given twice: the last one counts. */
function single(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? String(value[value.length - 1]) : String(value);
}
