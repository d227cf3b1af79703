import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';

/** A response ready to send (and to keep): body serialised once, ETag computed once. */
export interface PreparedResponse {
  etag: string;
  body: string;
  maxAgeS: number;
  contentType: string;
}

/**
 * ETag from `identity` (the data, not volatile fields such as generatedAt; a string is hashed as
 * is, so a caller that already serialised its data need not do it twice); JSON body, or a string
 * body as is (e.g. CSV, or JSON the caller assembled).
 */
export function prepareResponse(
  identity: unknown,
  body: unknown,
  maxAgeS: number,
  contentType = 'application/json',
): PreparedResponse {
  return {
    etag: `W/"${createHash('sha1')
      .update(typeof identity === 'string' ? identity : JSON.stringify(identity))
      .digest('base64url')}"`,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    maxAgeS: Math.max(0, Math.floor(maxAgeS)),
    contentType,
  };
}

/** Whether an If-None-Match header names `etag` (or `*`): the client's copy is current. */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header.split(',').some((tag) => tag.trim() === etag || tag.trim() === '*');
}

/** Sends it with ETag and Cache-Control; If-None-Match with that ETag answers 304. */
export function sendPrepared(req: Request, res: Response, prepared: PreparedResponse): void {
  res.setHeader('ETag', prepared.etag);
  res.setHeader('Cache-Control', `public, max-age=${prepared.maxAgeS}`);
  if (matchesIfNoneMatch(req.headers['if-none-match'], prepared.etag)) {
    res.status(304).end();
    return;
  }
  res.status(200).type(prepared.contentType).send(prepared.body);
}

/** prepareResponse + sendPrepared. */
export function sendCached(
  req: Request,
  res: Response,
  identity: unknown,
  body: unknown,
  maxAgeS: number,
  contentType = 'application/json',
): void {
  sendPrepared(req, res, prepareResponse(identity, body, maxAgeS, contentType));
}
