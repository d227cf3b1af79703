import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';

export interface Representation {
  body: Buffer;
  contentType: string;
  /** When the data last changed (whole seconds matter: HTTP dates have no milliseconds). */
  lastModifiedMs: number;
  maxAgeSeconds: number;
}

/** A strong validator: same bytes, same tag. */
export function etagOf(body: Buffer): string {
  return `"${createHash('sha1').update(body).digest('base64url')}"`;
}

/** RFC 9110 §13.1: If-None-Match wins; If-Modified-Since is only read without it. */
export function isNotModified(headers: IncomingHttpHeaders, etag: string, lastModifiedMs: number): boolean {
  const ifNoneMatch = headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    return ifNoneMatch
      .split(',')
      .map((tag) => tag.trim().replace(/^W\//, ''))
      .some((tag) => tag === '*' || tag === etag);
  }
  const since = Date.parse(headers['if-modified-since'] ?? '');
  return Number.isFinite(since) && Math.floor(lastModifiedMs / 1000) * 1000 <= since;
}

/** Writes a 200 (or 304 when the client's copy is current) with ETag, Last-Modified and Cache-Control. */
export function sendCacheable(
  headers: IncomingHttpHeaders,
  res: ServerResponse,
  rep: Representation,
  headOnly: boolean,
): void {
  const etag = etagOf(rep.body);
  res.setHeader('ETag', etag);
  res.setHeader('Last-Modified', new Date(rep.lastModifiedMs).toUTCString());
  res.setHeader('Cache-Control', `public, max-age=${rep.maxAgeSeconds}`);
  if (isNotModified(headers, etag, rep.lastModifiedMs)) {
    res.writeHead(304).end();
    return;
  }
  res.setHeader('Content-Type', rep.contentType);
  res.setHeader('Content-Length', rep.body.length);
  res.writeHead(200).end(headOnly ? undefined : rep.body);
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = Buffer.from(JSON.stringify(value), 'utf8');
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': body.length,
  });
  res.end(body);
}
