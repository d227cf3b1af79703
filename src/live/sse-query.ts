import { AppException } from '../common/app-exception.js';
import { ErrorCode } from '../common/error-codes.js';

const KNOWN = new Set([
  'parkings',
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

/**
 * GET /v1/stream query -> the same request object a socket.io `subscribe` carries, validated
 * afterwards by the same schema. Lists are comma separated or repeated (`stops=a,b` or
 * `stops=a&stops=b`); `near=lat,lon` + `radius`, `bbox=minLon,minLat,maxLon,maxLat`.
 * `Last-Event-ID` (sent by EventSource when it reconnects) wins over `since`.
 */
export function sseSubscribeRequest(query: Record<string, unknown>, lastEventId: string | undefined): unknown {
  const unknown = Object.keys(query).filter((name) => !KNOWN.has(name));
  if (unknown.length > 0) {
    throw new AppException(ErrorCode.BAD_REQUEST, `unknown parameter(s): ${unknown.join(', ')}`, {
      details: unknown.map((parameter) => ({ parameter, message: 'unknown parameter' })),
    });
  }
  const request: Record<string, unknown> = {};
  const set = (name: string, value: unknown) => {
    if (value !== undefined) request[name] = value;
  };
  set('parkings', list(query.parkings));
  set('stops', list(query.stops));
  set('routes', list(query.routes));
  set('alerts', flag(query.alerts));
  set('sources', flag(query.sources));
  set('area', area(query));
  set('since', lastEventId !== undefined && lastEventId !== '' ? lastEventId : single(query.since));
  return request;
}

function area(query: Record<string, unknown>): unknown {
  const near = numbers(query.near);
  const bbox = numbers(query.bbox);
  const radius = single(query.radius);
  if (near === undefined && bbox === undefined && radius === undefined) return undefined;
  const out: Record<string, unknown> = {};
  if (near !== undefined) out.near = { lat: near[0], lon: near[1] };
  if (radius !== undefined) out.radius = Number(radius);
  if (bbox !== undefined) out.bbox = bbox;
  return out;
}

function list(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  const values = Array.isArray(value) ? value : [value];
  return values
    .flatMap((v) => String(v).split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

function single(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? String(value[value.length - 1]) : String(value);
}

/** A number list; a bad part becomes NaN, which validation then reports. */
function numbers(value: unknown): number[] | undefined {
  const text = single(value);
  if (text === undefined) return undefined;
  return text.split(',').map((part) => (part.trim() === '' ? Number.NaN : Number(part)));
}

/** "true"/"1" and "false"/"0"; anything else is passed on for validation to refuse. */
function flag(value: unknown): unknown {
  const text = single(value);
  if (text === undefined) return undefined;
  if (text === 'true' || text === '1' || text === '') return true;
  if (text === 'false' || text === '0') return false;
  return text;
}
