import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AppException } from '../common/app-exception.js';
import { ErrorCode } from '../common/error-codes.js';
import type { FetchTarget, ParkingFormat } from '../config/source-config.js';
import type { SourceFetcher } from '../infra/http/source-fetcher.js';
import type { ParseWarning } from '../parking/parking.model.js';
import { FETCH_STATE_STORE, type FetchState, type FetchStateStorePort, type ParseOutcome } from './fetch-state.port.js';
import { pagingRuleFor } from './formats/paging/paging.registry.js';
import { DEFAULT_MAX_PAGES, type FetchedPage, readAllPages } from './paged-fetch.js';

export const SOURCE_FETCHER = Symbol('SOURCE_FETCHER');

export type ConditionalFetchResult =
  | {
      changed: false;
      reason: 'not-modified' | 'same-body';
      latencyMs: number;
      bytes: number | null;
      retryAfterMs?: number;
      maxAgeMs?: number;
      /** The first response's `Date` header minus the hub's clock (whole seconds), when it sent one. */
      dateHeaderSkewMs?: number;
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
      /** The first response's `Date` header minus the hub's clock (whole seconds), when it sent one. */
      dateHeaderSkewMs?: number;
      /** Pages read (1 unless the format is paged and the publication said there were more). */
      pages: number;
      /** What the fetch itself has to say about the bytes (PAGES_TRUNCATED), for the poll's warnings. */
      warnings: ParseWarning[];
      /** Remember these validators, and what the bytes read as: call once they were processed successfully. */
      commit(parsed?: ParseOutcome): Promise<void>;
    };

/** A parking source or its `static:`: its format says whether its publication comes in pages. */
export type PagedTarget = FetchTarget & { format?: ParkingFormat; options?: Record<string, unknown> };

/**
 * Fetches a source URL politely: conditional GET with the last ETag / Last-Modified, and a body
 * hash so an operator re-serving identical bytes with 200 is treated as unchanged. A paged
 * publication (OpenDataSoft, ParkAPI v3 over http) is read to its last page (paged-fetch.ts); its
 * pages are one body, hashed whole, and its validators are kept only when it had one page (a
 * 304 on the first page says nothing of the others).
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
    target: PagedTarget,
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
      ...(result.dateHeaderSkewMs === undefined ? {} : { dateHeaderSkewMs: result.dateHeaderSkewMs }),
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
    const all = await this.otherPages(sourceId, target, result);
    const bodyHash = createHash('sha256').update(all.body).digest('base64url');
    if (bodyHash === previous.bodyHash) {
      return {
        changed: false,
        reason: 'same-body',
        latencyMs: all.latencyMs,
        bytes: all.bytes,
        ...hints,
        ...(previous.parsed === undefined ? {} : { parsed: previous.parsed }),
      };
    }
    const validators = all.pages === 1 ? { etag: result.etag, lastModified: result.lastModified } : {};
    return {
      changed: true,
      body: all.body,
      bytes: all.bytes,
      latencyMs: all.latencyMs,
      ...hints,
      pages: all.pages,
      warnings: all.warnings,
      commit: (parsed) => this.state.put(sourceId, role, { ...validators, bodyHash, parsed }),
    };
  }

  /** The first page as it is, or, for a paged format over http, every page as one body. */
  private async otherPages(
    sourceId: string,
    target: PagedTarget,
    first: FetchedPage,
  ): Promise<FetchedPage & { pages: number; warnings: ParseWarning[] }> {
    const rule = /^https?:\/\//i.test(target.url) ? pagingRuleFor(target.format) : undefined;
    if (rule === undefined)
      return { body: first.body, bytes: first.bytes, latencyMs: first.latencyMs, pages: 1, warnings: [] };
    const fetchPage = async (url: string, maxBytes: number): Promise<FetchedPage> => {
      const page = await this.fetcher.fetch({
        url,
        timeoutMs: target.timeoutMs,
        maxBytes,
        headers: target.headers,
        allowPrivateNetwork: target.allowPrivateNetwork,
        sourceId,
      });
      if (page.notModified)
        throw new AppException(ErrorCode.FETCH_HTTP_ERROR, `a page answered 304 to a request without validators`);
      return page;
    };
    return readAllPages(first, target.url, rule, fetchPage, {
      maxPages: maxPagesOf(target.options),
      maxBytes: target.maxBytes,
    });
  }
}

/** `options.maxPages`: a whole number from 1, default DEFAULT_MAX_PAGES. */
function maxPagesOf(options: Record<string, unknown> | undefined): number {
  const value = options?.maxPages;
  if (value === undefined) return DEFAULT_MAX_PAGES;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1) return value;
  throw new AppException(
    ErrorCode.CONFIG_INVALID,
    `options.maxPages must be a whole number from 1, not ${JSON.stringify(value)}`,
    { transient: false },
  );
}
