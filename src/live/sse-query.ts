import { z } from 'zod';
import { AppException } from '../common/app-exception.js';
import { ErrorCode } from '../common/error-codes.js';
import { bboxParam, latLonParam } from '../common/http/geo-query.js';
import { nearestName } from '../common/http/nearest-name.js';
import type { SubscribeRequest } from './live-protocol.js';
import { parseSubscription, type SubscriptionLimits } from './subscription-spec.js';

const KNOWN = [
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
];
/** Ids, comma separated or repeated; every other parameter takes one value. */
const LISTS = new Set(['parkings', 'stops', 'routes']);

/** The filters; `since` and `apiKey` do not filter. */
const FILTERS = ['parkings', 'allParkings', 'near', 'radius', 'bbox', 'stops', 'routes', 'alerts', 'sources'];

/** `curl -N /v1/stream`: every car park, every alert, every source's health. */
export const EVERYTHING: Pick<SubscribeRequest, 'allParkings' | 'alerts' | 'sources'> = {
  allParkings: true,
  alerts: true,
  sources: true,
};

export const LAST_EVENT_ID = 'Last-Event-ID';

/** The stream's subscribe request, and the unknown parameters left aside (a cache-buster such as `_`). */
export interface SseRequest {
  request: SubscribeRequest;
  ignored: string[];
}

/** `message` goes in details; `line` (default `parameter: message`) in error.message, as REST words them. */
interface Problem {
  parameter: string;
  message: string;
  line?: string;
}

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
 * `[{ parameter, message }]`, as common/http/query-parsing.ts words them), naming the query parameter (or the
 * Last-Event-ID header). Lists are comma separated or repeated (`stops=a,b` or `stops=a&stops=b`);
 * `near=lat,lon` + `radius`, `bbox=minLon,minLat,maxLon,maxLat`. No filter at all is EVERYTHING.
 * `Last-Event-ID` (sent by EventSource when it reconnects) wins over `since`. Unknown parameters
 * as on REST: ignored, unless one is a likely typo of a known one (400 naming the nearest: a
 * misspelt filter would otherwise widen the stream); another parameter given twice is a 400.
 */
export function sseSubscribeRequest(
  query: Record<string, unknown>,
  lastEventId: string | undefined,
  limits: SubscriptionLimits,
): SseRequest {
  const problems: Problem[] = [];
  const ignored: string[] = [];
  for (const name of Object.keys(query)) {
    if (KNOWN.includes(name)) {
      const value = query[name];
      if (Array.isArray(value) && !LISTS.has(name))
        problems.push({ parameter: name, message: `given ${value.length} times; give it once` });
      continue;
    }
    const problem = unknownName(name);
    if (problem === undefined) ignored.push(name);
    else problems.push(problem);
  }
  // Every problem at once, as REST: a value given twice is left out of the syntax check.
  const parsed = sseQuery.safeParse({
    near: single(query.near),
    radius: single(query.radius),
    bbox: single(query.bbox),
    allParkings: single(query.allParkings),
    alerts: single(query.alerts),
    sources: single(query.sources),
  });
  if (!parsed.success) {
    for (const i of parsed.error.issues)
      problems.push({ parameter: i.path.join('.') || '(query)', message: i.message });
  }
  if (problems.length > 0 || !parsed.success) throw badRequest(problems);
  const q = parsed.data;
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
  return { request, ignored: ignored.sort() };
}

/** REST's reading of a name it does not know (common/http/query-parsing.ts): undefined when it is simply not ours. */
function unknownName(name: string): Problem | undefined {
  const bare = name.replace(/\[.*$/, '');
  if (bare !== name && KNOWN.includes(bare)) {
    return { parameter: bare, message: `give one value, as ${bare}=value (not ${name})` };
  }
  const meant = nearestName(bare, KNOWN);
  if (meant === undefined) return undefined;
  return {
    parameter: name,
    message: `unknown parameter; did you mean ${meant}?`,
    line: `unknown parameter ${name}; did you mean ${meant}?`,
  };
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

function badRequest(problems: Problem[]): AppException {
  const lines = problems.map((p) => p.line ?? `${p.parameter}: ${p.message}`);
  return new AppException(ErrorCode.BAD_REQUEST, lines.join('; '), {
    details: problems.map(({ parameter, message }) => ({ parameter, message })),
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

/** A single-valued parameter; one given twice is refused, and left out here. */
function single(value: unknown): string | undefined {
  return value === undefined || Array.isArray(value) ? undefined : String(value);
}
