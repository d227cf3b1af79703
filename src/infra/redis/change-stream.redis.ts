import { Inject, Injectable } from '@nestjs/common';
import type { ChainableCommander, Redis } from 'ioredis';
import { REDIS } from '../../config/tokens.js';
import type {
  ChangePayloads,
  ChangeStreamPort,
  ChangeStreamTail,
  ChangeType,
  StreamEntry,
  StreamState,
} from '../../live/change-stream.port.js';
import { ZERO_CURSOR } from '../../live/cursor.js';
import { RedisKeys } from './redis-keys.js';

const PAGE_SIZE = 500;

/**
 * Appends one change event to the stream inside a MULTI. The stream is trimmed to about the
 * replay window (MINID ~), so its entry ids double as the cursors clients resume from.
 */
export function appendChange<T extends ChangeType>(
  multi: ChainableCommander,
  streamKey: string,
  replayWindowMs: number,
  type: T,
  id: string,
  data: ChangePayloads[T],
): void {
  appendChangeJson(multi, streamKey, replayWindowMs, type, id, JSON.stringify(data));
}

/** appendChange with the event's data already serialised (e.g. on a worker thread). */
export function appendChangeJson(
  multi: ChainableCommander,
  streamKey: string,
  replayWindowMs: number,
  type: ChangeType,
  id: string,
  json: string,
): void {
  const minId = String(Date.now() - replayWindowMs);
  multi.xadd(streamKey, 'MINID', '~', minId, '*', 'type', type, 'id', id, 'data', json);
}

/** The read side of the change stream on Redis: XINFO for its state, XRANGE for replays, XREAD BLOCK for the tail. */
@Injectable()
export class ChangeStreamRedis implements ChangeStreamPort {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  state(): Promise<StreamState> {
    return readStreamState(this.redis, this.keys.changes());
  }

  range(since: string, upTo: string): AsyncIterable<StreamEntry[]> {
    return readRange(this.redis, this.keys.changes(), since, upTo, PAGE_SIZE);
  }

  openTail(): ChangeStreamTail {
    // XREAD BLOCK waits longer than the command timeout on purpose, and may wait for a reconnect.
    const connection = this.redis.duplicate({
      connectionName: 'live-reader',
      commandTimeout: undefined,
      enableOfflineQueue: true,
      maxRetriesPerRequest: null,
    });
    const key = this.keys.changes();
    return {
      read: async (after, count, blockMs) => {
        const reply = await connection.xread('COUNT', count, 'BLOCK', blockMs, 'STREAMS', key, after);
        return (reply?.[0]?.[1] ?? []).map(([cursor, fields]) => ({ cursor, fields }));
      },
      close: () => connection.disconnect(),
    };
  }
}

async function readStreamState(redis: Redis, key: string): Promise<StreamState> {
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

async function* readRange(
  redis: Redis,
  key: string,
  since: string,
  upTo: string,
  pageSize: number,
): AsyncGenerator<StreamEntry[]> {
  let start = `(${since}`;
  for (;;) {
    const page = await redis.xrange(key, start, upTo, 'COUNT', pageSize);
    if (page.length > 0) yield page.map(([cursor, fields]) => ({ cursor, fields }));
    if (page.length < pageSize) return;
    start = `(${page[page.length - 1][0]}`;
  }
}
