import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BodyTooLargeError } from './capped-body.js';

/** A body written to disk: where, how many bytes, and their sha256 (base64url). */
export interface SavedBody {
  path: string;
  bytes: number;
  sha256: string;
}

/**
 * Streams a body into `file` (a fresh path of the caller's), hashing it on the way, so a large
 * download is never held in memory. The cap and the signal cut it short as `readCappedBody`
 * does; then, or on any other failure, the partial file is removed.
 */
export async function writeCappedFile(
  stream: Readable,
  maxBytes: number,
  signal: AbortSignal,
  file: string,
): Promise<SavedBody> {
  const hash = createHash('sha256');
  let bytes = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      if (bytes > maxBytes) return done(new BodyTooLargeError(maxBytes));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(stream, meter, createWriteStream(file), { signal });
  } catch (error) {
    await rm(file, { force: true });
    throw error;
  }
  return { path: file, bytes, sha256: hash.digest('base64url') };
}
