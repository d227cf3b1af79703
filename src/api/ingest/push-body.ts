import type { IncomingMessage } from 'node:http';
import { AppException } from '../../common/app-exception.js';
import { ErrorCode } from '../../common/error-codes.js';

/** Requests whose body the push route reads itself, raw (Express's JSON and form parsers leave them alone). */
export function readsOwnBody(method: string | undefined, path: string): boolean {
  return method === 'POST' && path.startsWith(PUSH_PATH_PREFIX);
}
export const PUSH_PATH_PREFIX = '/v1/ingest/';

/** `application/json`, `application/xml`, `text/xml` and their `+json` / `+xml` kinds (DATEX II is often `application/datex2+xml`). */
const PUSH_MEDIA = /^(application\/([a-z0-9.-]+\+)?(json|xml)|text\/xml)$/;

/** 415 unless the body says it is JSON or XML; the source's format decides how it is read. */
export function checkPushMediaType(contentType: string | undefined): void {
  const media = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (PUSH_MEDIA.test(media)) return;
  throw new AppException(
    ErrorCode.UNSUPPORTED_MEDIA_TYPE,
    `a push body must be JSON or XML (Content-Type: application/json or application/xml), not ${media === '' ? 'none' : `"${media}"`}`,
  );
}

/**
 * The request body as sent, at most `maxBytes` (the source's `maxBytes`): a larger declared
 * Content-Length is refused before reading, a larger stream once it passes the cap (413,
 * PAYLOAD_TOO_LARGE; the connection is closed after the answer, so the rest is not read).
 * Compressed bodies are not read (415).
 */
export async function readPushBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity') {
    throw new AppException(
      ErrorCode.UNSUPPORTED_MEDIA_TYPE,
      `a push body must not be compressed (Content-Encoding: ${encoding})`,
    );
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const piece = chunk as Buffer;
    size += piece.length;
    if (size > maxBytes) throw tooLarge(maxBytes);
    chunks.push(piece);
  }
  return Buffer.concat(chunks, size);
}

function tooLarge(maxBytes: number): AppException {
  return new AppException(
    ErrorCode.PAYLOAD_TOO_LARGE,
    `a push body of this source is at most ${maxBytes} bytes (its maxBytes)`,
    {
      details: { maxBytes },
    },
  );
}
