import type { Redis } from 'ioredis';
import { ZERO_CURSOR } from './cursor.js';
import type { StreamEntry } from './live-event.js';

/** What a resume needs to know about the change stream. */
export interface StreamState {
  /** Id of the last entry ever added (survives trimming); "0-0" when the stream does not exist. */
  lastId: string;
  /** Largest id removed by trimming (Redis >= 7), or undefined on older servers. */
  maxDeletedId?: string;
  /** Oldest entry still held. */
  firstId?: string;
}

export async function readStreamState(redis: Redis, key: string): Promise<StreamState> {
  let reply: unknown;
  try {
    reply = await redis.xinfo('STREAM', key);
  } catch (error) {
    if (/no such key/i.test((error as Error).message)) return { lastId: ZERO_CURSOR };
    throw error;
  }
  const info = Array.isArray(reply) ? reply : [];
  const field = (name: string): unknown => info[info.indexOf(name) + 1];
  const first = field('first-entry');
  const maxDeleted = field('max-deleted-entry-id');
  return {
    lastId: String(field('last-generated-id') ?? ZERO_CURSOR),
    maxDeletedId: info.includes('max-deleted-entry-id') ? String(maxDeleted) : undefined,
    firstId: Array.isArray(first) && typeof first[0] === 'string' ? first[0] : undefined,
  };
}

/** Entries after `since` (exclusive) up to `upTo` (inclusive), a page at a time. */
export async function* readRange(
  redis: Redis,
  key: string,
  since: string,
  upTo: string,
  pageSize = 500,
): AsyncGenerator<StreamEntry[]> {
  let start = `(${since}`;
  for (;;) {
    const page = await redis.xrange(key, start, upTo, 'COUNT', pageSize);
    if (page.length > 0) yield page.map(([cursor, fields]) => ({ cursor, fields }));
    if (page.length < pageSize) return;
    start = `(${page[page.length - 1][0]}`;
  }
}
