import { Inject, Injectable } from '@nestjs/common';
import compressible from 'compressible';
import type { PreparedResponse } from '../../common/http/cached-response.js';
import { CHANGE_CURSOR, type ChangeCursorPort } from '../../live/change-cursor.port.js';

/** What is derived from the clock alone (`stale`, `generatedAt`) may be this old in a reused answer. */
export const RESPONSE_CACHE_TTL_MS = 1_000;
/**
 * While one request computes a held answer's successor, identical requests wait for it up to
 * this long (then compute it themselves), so a crowd asking at once computes it once.
 */
export const RESPONSE_REFRESH_WAIT_MS = 2_000;
const MAX_BYTES = 16 * 2 ** 20;

/** A kept answer: the serialised response, the cursor it was computed at, and until when it may be reused. */
export interface CachedAnswer {
  key: string;
  version: string;
  until: number;
  prepared: PreparedResponse;
  /** The body as bytes, made once (the fast read path writes it as is). */
  bytes: Buffer;
  /** The route pattern that produced it (metrics label), e.g. `/v1/parkings`. */
  route: string;
  /** Compressed bodies by content coding, made on first use. */
  encoded: Map<string, Buffer>;
  /** Whether the body's content type is one `compression` compresses. */
  compressible: boolean;
}

interface Refresh {
  since: number;
  waiters: Array<() => void>;
}

const compressibleTypes = new Map<string, boolean>();

/** compressible() of `<type>; charset=utf-8`, looked up once per content type. */
function compressibleType(contentType: string): boolean {
  let known = compressibleTypes.get(contentType);
  if (known === undefined) {
    known = compressible(`${contentType}; charset=utf-8`) === true;
    compressibleTypes.set(contentType, known);
  }
  return known;
}

/**
 * The key of a reusable answer: the request line's target and what the client accepts (the body
 * depends on both, e.g. JSON or GeoJSON). Nothing else of the request changes the body.
 */
export function answerKey(url: string, accept: string | undefined): string {
  return accept === undefined ? url : `${url}\n${accept}`;
}

/**
 * Per-process reuse of a serialised answer for the same request, while nothing has changed:
 * the entry is keyed by the request and tagged with the change-stream cursor, which every
 * parking or source change moves, so a changed value is never served from here. Costs one
 * small Redis read per request instead of the query, the parse and the serialisation.
 */
@Injectable()
export class ResponseCache {
  private readonly entries = new Map<string, CachedAnswer>();
  private readonly refreshes = new Map<string, Refresh>();
  private bytes = 0;

  constructor(@Inject(CHANGE_CURSOR) private readonly cursor: ChangeCursorPort) {}

  /**
   * The version to store under, and the answer when one is current. `known` is a cursor read
   * during this request already (by the access guard); Redis unreachable: no reuse.
   */
  async lookup(key: string, known?: string, now = Date.now()): Promise<{ version?: string; hit?: PreparedResponse }> {
    const version = known ?? (await this.cursor.latest().catch(() => undefined));
    if (version === undefined) return {};
    const entry = this.entries.get(key);
    if (entry !== undefined && entry.version === version && entry.until > now) return { version, hit: entry.prepared };
    return { version };
  }

  /** Whether an answer was ever held under `key` (it is a request whose answers are kept). */
  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** The entry under `key` while its TTL holds, whatever the cursor: the caller checks it. */
  peek(key: string, now = Date.now()): CachedAnswer | undefined {
    const entry = this.entries.get(key);
    return entry !== undefined && entry.until > now ? entry : undefined;
  }

  /**
   * Single flight: when no one is computing `key`'s answer, the caller becomes the one who does
   * (true; it calls endRefresh when its response is done); otherwise false, and the caller may
   * wait for that answer with waitForRefresh.
   */
  startRefresh(key: string, now = Date.now()): boolean {
    const current = this.refreshes.get(key);
    if (current !== undefined && now - current.since < RESPONSE_REFRESH_WAIT_MS) return false;
    this.refreshes.set(key, { since: now, waiters: current?.waiters ?? [] });
    return true;
  }

  /** Resolves when the refresh of `key` ends (stored or failed), or after RESPONSE_REFRESH_WAIT_MS. */
  waitForRefresh(key: string): Promise<void> {
    const refresh = this.refreshes.get(key);
    if (refresh === undefined) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, RESPONSE_REFRESH_WAIT_MS);
      timer.unref();
      refresh.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  endRefresh(key: string): void {
    const refresh = this.refreshes.get(key);
    if (refresh === undefined) return;
    this.refreshes.delete(key);
    for (const wake of refresh.waiters) wake();
  }

  /** An answer to send once, as a kept one is sent, but not kept (store()'s entry, outside the cache). */
  unkept(key: string, version: string, prepared: PreparedResponse, route: string, now = Date.now()): CachedAnswer {
    return {
      key,
      version,
      until: now,
      prepared,
      bytes: Buffer.from(prepared.body),
      route,
      encoded: new Map(),
      compressible: compressibleType(prepared.contentType),
    };
  }

  store(
    key: string,
    version: string | undefined,
    prepared: PreparedResponse,
    route = 'unmatched',
    now = Date.now(),
  ): CachedAnswer | undefined {
    if (version === undefined) return undefined;
    this.remove(key);
    const bytes = Buffer.from(prepared.body);
    const entry: CachedAnswer = {
      key,
      version,
      until: now + Math.min(RESPONSE_CACHE_TTL_MS, prepared.maxAgeS * 1_000),
      prepared,
      bytes,
      route,
      encoded: new Map(),
      compressible: compressibleType(prepared.contentType),
    };
    this.entries.set(key, entry);
    this.bytes += bytes.length;
    // Oldest first (Map order), until under the cap.
    for (const oldest of this.entries.keys()) {
      if (this.bytes <= MAX_BYTES) break;
      this.remove(oldest);
    }
    return entry;
  }

  /** Counts a compressed body made later for an entry against the same byte cap. */
  noteEncoded(entry: CachedAnswer, coding: string, body: Buffer): void {
    entry.encoded.set(coding, body);
    if (this.entries.get(entry.key) === entry) this.bytes += body.length;
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.bytes -= entry.bytes.length;
    for (const body of entry.encoded.values()) this.bytes -= body.length;
    this.entries.delete(key);
  }
}
