import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { FetchTarget } from '../config/source-config.js';
import type { SourceFetcher } from '../infra/http/source-fetcher.js';
import { FETCH_STATE_STORE, type FetchState, type FetchStateStorePort, type ParseOutcome } from './fetch-state.port.js';

export const SOURCE_FETCHER = Symbol('SOURCE_FETCHER');

export type ConditionalFetchResult =
  | {
      changed: false;
      reason: 'not-modified' | 'same-body';
      latencyMs: number;
      bytes: number | null;
      retryAfterMs?: number;
      maxAgeMs?: number;
      /** What these bytes read as when they were last processed (kept with the validators). */
      parsed?: ParseOutcome;
    }
  | {
      changed: true;
      body: Buffer;
      bytes: number;
      latencyMs: number;
      retryAfterMs?: number;
      maxAgeMs?: number;
      /** Remember these validators, and what the bytes read as: call once they were processed successfully. */
      commit(parsed?: ParseOutcome): Promise<void>;
    };

/**
 * Fetches a source URL politely: conditional GET with the last ETag / Last-Modified, and a body
 * hash so an operator re-serving identical bytes with 200 is treated as unchanged.
 */
@Injectable()
export class ConditionalFetchService {
  constructor(
    @Inject(SOURCE_FETCHER) private readonly fetcher: SourceFetcher,
    @Inject(FETCH_STATE_STORE) private readonly state: FetchStateStorePort,
  ) {}

  /** `force` fetches without validators and skips the body-hash check: the bytes are processed again. */
  async fetch(
    sourceId: string,
    role: string,
    target: FetchTarget,
    opts: { force?: boolean } = {},
  ): Promise<ConditionalFetchResult> {
    const previous: FetchState = opts.force === true ? {} : await this.state.get(sourceId, role);
    const result = await this.fetcher.fetch({
      url: target.url,
      timeoutMs: target.timeoutMs,
      maxBytes: target.maxBytes,
      headers: target.headers,
      allowPrivateNetwork: target.allowPrivateNetwork,
      etag: previous.etag,
      lastModified: previous.lastModified,
      sourceId,
    });
    const hints = {
      ...(result.retryAfterMs === undefined ? {} : { retryAfterMs: result.retryAfterMs }),
      ...(result.maxAgeMs === undefined ? {} : { maxAgeMs: result.maxAgeMs }),
    };
    if (result.notModified) {
      return {
        changed: false,
        reason: 'not-modified',
        latencyMs: result.latencyMs,
        bytes: null,
        ...hints,
        ...(previous.parsed === undefined ? {} : { parsed: previous.parsed }),
      };
    }
    const bodyHash = createHash('sha256').update(result.body).digest('base64url');
    if (bodyHash === previous.bodyHash) {
      return {
        changed: false,
        reason: 'same-body',
        latencyMs: result.latencyMs,
        bytes: result.bytes,
        ...hints,
        ...(previous.parsed === undefined ? {} : { parsed: previous.parsed }),
      };
    }
    return {
      changed: true,
      body: result.body,
      bytes: result.bytes,
      latencyMs: result.latencyMs,
      ...hints,
      commit: (parsed) =>
        this.state.put(sourceId, role, { etag: result.etag, lastModified: result.lastModified, bodyHash, parsed }),
    };
  }
}
