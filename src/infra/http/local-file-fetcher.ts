import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import path from 'node:path';
import { BodyTooLargeError } from './capped-body.js';
import { fileError, tooLargeError } from './fetch-errors.js';
import type { BodyReader, FetchRequest, FetchResult } from './fetch.types.js';
import type { RequestDeadline } from './request-deadline.js';

/**
 * A file has no validators, so its mtime plays Last-Modified. ISO format keeps
 * millisecond precision: two writes within one second still count as a change.
 */
function mtimeStamp(stats: Stats): string {
  return stats.mtime.toISOString();
}

function isUnchanged(previous: string | undefined, stats: Stats): boolean {
  if (previous === undefined) return false;
  const previousMs = Date.parse(previous);
  return !Number.isNaN(previousMs) && previousMs === stats.mtime.getTime();
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function statFile(filePath: string): Promise<Stats> {
  let stats: Stats;
  try {
    stats = await stat(filePath);
  } catch (error) {
    throw fileError(filePath, reasonOf(error), error);
  }
  if (!stats.isFile()) throw fileError(filePath, 'not a regular file');
  return stats;
}

/** Local sources are operator configuration (not user input), hence no address guard here. */
export async function fetchLocalFile<B>(
  rawPath: string,
  req: FetchRequest,
  deadline: RequestDeadline,
  startedAt: number,
  read: BodyReader<B>,
): Promise<FetchResult<B>> {
  const filePath = path.resolve(rawPath);
  const stats = await statFile(filePath);
  const lastModified = mtimeStamp(stats);
  if (isUnchanged(req.lastModified, stats)) {
    return {
      notModified: true,
      status: 304,
      lastModified,
      latencyMs: Math.round(performance.now() - startedAt),
    };
  }
  if (stats.size > req.maxBytes) throw tooLargeError(filePath, req.maxBytes);
  const { body, bytes } = await readFileCapped(filePath, req.maxBytes, deadline, read);
  return {
    notModified: false,
    status: 200,
    body,
    bytes,
    lastModified,
    latencyMs: Math.round(performance.now() - startedAt),
  };
}

/** The file may grow between stat and read, so the cap is enforced again while reading. */
async function readFileCapped<B>(
  filePath: string,
  maxBytes: number,
  deadline: RequestDeadline,
  read: BodyReader<B>,
): Promise<{ body: B; bytes: number }> {
  try {
    return await read(createReadStream(filePath, { end: maxBytes }), maxBytes, deadline.signal);
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw tooLargeError(filePath, maxBytes);
    if (deadline.timedOut) throw error;
    throw fileError(filePath, reasonOf(error), error);
  }
}
