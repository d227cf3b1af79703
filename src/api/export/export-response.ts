import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { matchesIfNoneMatch } from '../../common/http/cached-response.js';

/** An export answer: a weak ETag of the data (not of its generation time), text or bytes. */
export interface ExportAnswer {
  identity: string;
  /** The ETag, when already computed from `identity` (a held answer computes it once). */
  etag?: string;
  body: string | Uint8Array;
  contentType: string;
  maxAgeS: number;
}

/** A weak ETag of the data. */
export function etagOf(identity: string): string {
  return `W/"${createHash('sha1').update(identity).digest('base64url')}"`;
}

/** Sends it with ETag and Cache-Control like every /v1 read; If-None-Match with that ETag answers 304. */
export function sendExport(req: Request, res: Response, answer: ExportAnswer): void {
  const etag = answer.etag ?? etagOf(answer.identity);
  res.setHeader('ETag', etag);
  res.setHeader('Cache-Control', `public, max-age=${Math.max(0, Math.floor(answer.maxAgeS))}`);
  if (matchesIfNoneMatch(req.headers['if-none-match'], etag)) {
    res.status(304).end();
    return;
  }
  const body = typeof answer.body === 'string' ? answer.body : Buffer.from(answer.body);
  res.status(200).type(answer.contentType).send(body);
}
