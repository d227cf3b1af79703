import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AppException } from '../common/app-exception.js';
import { ErrorCode } from '../common/error-codes.js';
import type { FetchTarget, ParkingFormat } from '../config/source-config.js';
import type { FetchRequest, FetchResult, SavedBody, SourceFetcher } from '../infra/http/source-fetcher.js';
import type { ParseWarning } from '../parking/parking.model.js';
import { FETCH_STATE_STORE, type FetchState, type FetchStateStorePort, type ParseOutcome } from './fetch-state.port.js';
import { pagingRuleFor } from './formats/paging/paging.registry.js';
import { DEFAULT_MAX_PAGES, type FetchedPage, readAllPages } from './paged-fetch.js';
import { readClientTls } from './fetch/client-tls.js';
import { OAuth2Tokens } from './fetch/oauth2-tokens.js';
import { requestKey } from './fetch/request-key.js';

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
 *
 * How the source asks (issue #15): its `request` (POST with a body; the validators are kept with
 * the request they answer, so another body never reuses them), its `auth` (an OAuth2 bearer token,
 * fetched again once when the feed answers 401) and its `tls` client certificate, on every page.
 */
@Injectable()
export class ConditionalFetchService {
  private readonly tokens: OAuth2Tokens;

  constructor(
    @Inject(SOURCE_FETCHER) private readonly fetcher: SourceFetcher,
    @Inject(FETCH_STATE_STORE) private readonly state: FetchStateStorePort,
  ) {
    this.tokens = new OAuth2Tokens(fetcher);
  }

  /** `force` fetches without validators and skips the body-hash check: the bytes are processed again. */
  async fetch(
    sourceId: string,
    role: string,
    target: PagedTarget,
    opts: { force?: boolean } = {},
  ): Promise<ConditionalFetchResult> {
    const key = requestKey(target);
    const stored: FetchState = opts.force === true ? {} : await this.state.get(sourceId, role);
    // Validators of another request (another body) say nothing of this one.
    const previous: FetchState = stored.requestKey === key ? stored : {};
    const result = await this.send(
      sourceId,
      target,
      {
        url: target.url,
        etag: previous.etag,
        lastModified: previous.lastModified,
        ...requestOf(target),
      },
      (r) => this.fetcher.fetch(r),
    );
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
      commit: (parsed) =>
        this.state.put(sourceId, role, {
          ...validators,
          bodyHash,
          parsed,
          ...(key === undefined ? {} : { requestKey: key }),
        }),
    };
  }

  /**
   * One request of the source (the first page or another, or a GTFS zip through `how`), with its
   * headers, client certificate and bearer token; a 401 to a token fetches a new one and asks once more.
   */
  private async send<B>(
    sourceId: string,
    target: FetchTarget,
    req: Pick<FetchRequest, 'url' | 'etag' | 'lastModified' | 'method' | 'body' | 'contentType'> & {
      maxBytes?: number;
    },
    how: (req: FetchRequest) => Promise<FetchResult<B>>,
  ): Promise<FetchResult<B>> {
    const overHttp = /^https?:\/\//i.test(target.url);
    const tls = overHttp ? await readClientTls(target.tls) : undefined;
    const attempt = async (): Promise<FetchResult<B>> => {
      const auth =
        overHttp && target.auth !== undefined
          ? await this.tokens.authorization(sourceId, target.auth, target)
          : undefined;
      return how({
        ...req,
        timeoutMs: target.timeoutMs,
        maxBytes: req.maxBytes ?? target.maxBytes,
        headers: auth === undefined ? target.headers : withAuthorization(target.headers, auth),
        allowPrivateNetwork: target.allowPrivateNetwork,
        ...(tls === undefined ? {} : { tls }),
        sourceId,
      });
    };
    try {
      return await attempt();
    } catch (error) {
      if (target.auth === undefined || !overHttp || httpStatusOf(error) !== 401) throw error;
      this.tokens.invalidate(sourceId, target.auth);
      return attempt();
    }
  }

  /**
   * The target streamed into `file` (a GTFS zip), with the validators given and the target's
   * request (a POST with its body), headers, client certificate and bearer token, as a poll's
   * request (a 401 to a token fetches a new one and asks once more). Validators and body hash are
   * the caller's to keep, with the target's requestKey.
   */
  async download(
    sourceId: string,
    target: FetchTarget,
    validators: Pick<FetchRequest, 'etag' | 'lastModified'>,
    file: string,
  ): Promise<FetchResult<SavedBody>> {
    return this.send(
      sourceId,
      target,
      { url: target.url, etag: validators.etag, lastModified: validators.lastModified, ...requestOf(target) },
      (req) => this.fetcher.fetchToFile(req, file),
    );
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
      const page = await this.send(sourceId, target, { url, maxBytes }, (r) => this.fetcher.fetch(r));
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

/** The target's `request:` as the fetcher takes it (method, body bytes, content type); nothing for a GET. */
function requestOf(target: FetchTarget): Pick<FetchRequest, 'method' | 'body' | 'contentType'> {
  const request = target.request;
  if (request === undefined) return {};
  return {
    method: request.method,
    ...(request.body === undefined ? {} : { body: Buffer.from(request.body, 'utf8') }),
    ...(request.contentType === undefined ? {} : { contentType: request.contentType }),
  };
}

/** The source's headers with its token as Authorization (whatever casing a configured one used). */
function withAuthorization(headers: Record<string, string>, value: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, v] of Object.entries(headers)) if (name.toLowerCase() !== 'authorization') out[name] = v;
  out.Authorization = value;
  return out;
}

function httpStatusOf(error: unknown): number | undefined {
  if (!(error instanceof AppException) || error.code !== ErrorCode.FETCH_HTTP_ERROR) return undefined;
  const status = (error.details as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' ? status : undefined;
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
