import { Inject, Injectable } from '@nestjs/common';
import type { PreparedResponse } from '../../common/http/cached-response.js';
import { CHANGE_CURSOR, type ChangeCursorPort } from './change-cursor.port.js';

/** What is derived from the clock alone (`stale`, `generatedAt`) may be this old in a reused answer. */
export const RESPONSE_CACHE_TTL_MS = 1_000;
const MAX_BYTES = 16 * 2 ** 20;

interface Entry {
  version: string;
  until: number;
  prepared: PreparedResponse;
}

/**
 * Per-process reuse of a serialised answer for the same request, while nothing has changed:
 * the entry is keyed by the request and tagged with the change-stream cursor, which every
 * parking or source change moves, so a changed value is never served from here. Costs one
 * small Redis read per request instead of the query, the parse and the serialisation.
 */
@Injectable()
export class ResponseCache {
  private readonly entries = new Map<string, Entry>();
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

  store(key: string, version: string | undefined, prepared: PreparedResponse, now = Date.now()): void {
    if (version === undefined) return;
    this.remove(key);
    this.entries.set(key, {
      version,
      until: now + Math.min(RESPONSE_CACHE_TTL_MS, prepared.maxAgeS * 1_000),
      prepared,
    });
    this.bytes += prepared.body.length;
    // Oldest first (Map order), until under the cap.
    for (const oldest of this.entries.keys()) {
      if (this.bytes <= MAX_BYTES) break;
      this.remove(oldest);
    }
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.bytes -= entry.prepared.body.length;
    this.entries.delete(key);
  }
}
