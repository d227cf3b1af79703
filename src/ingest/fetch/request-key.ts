import { createHash } from 'node:crypto';
import type { FetchTarget } from '../../config/source-config.js';

/**
 * What makes one request differ from another at the same URL: its method, content type and body.
 * Kept with the validators (ETag, Last-Modified, body hash): those of a request with another body
 * say nothing of this one. Undefined for a plain GET (states written before bodies existed match).
 */
export function requestKey(target: FetchTarget): string | undefined {
  const request = target.request;
  if (request === undefined || (request.method === 'GET' && request.body === undefined)) return undefined;
  return createHash('sha256')
    .update(JSON.stringify([request.method, request.contentType ?? null, request.body ?? null]))
    .digest('base64url');
}
