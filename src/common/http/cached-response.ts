import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';

/**
 * Sends JSON (or a string body as is, e.g. CSV) with an ETag computed from `identity` (the data,
 * not volatile fields such as generatedAt) and answers If-None-Match with 304.
 */
export function sendCached(
  req: Request,
  res: Response,
  identity: unknown,
  body: unknown,
  maxAgeS: number,
  contentType = 'application/json',
): void {
  const etag = `W/"${createHash('sha1').update(JSON.stringify(identity)).digest('base64url')}"`;
  res.setHeader('ETag', etag);
  res.setHeader('Cache-Control', `public, max-age=${Math.max(0, Math.floor(maxAgeS))}`);
  const inm = req.headers['if-none-match'];
  if (inm !== undefined && inm.split(',').some((tag) => tag.trim() === etag || tag.trim() === '*')) {
    res.status(304).end();
    return;
  }
  res.status(200).type(contentType).send(typeof body === 'string' ? body : JSON.stringify(body));
}
