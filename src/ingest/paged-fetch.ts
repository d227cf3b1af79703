import { AppException, ParseException } from '../common/app-exception.js';
import { ErrorCode } from '../common/error-codes.js';
import type { ParseWarning } from '../parking/parking.model.js';
import type { PageRead, PagingRule } from './formats/paging/paging-rule.js';
import { readJsonPayload } from './formats/shared-json/json-payload.util.js';

/** Pages one poll follows unless the source's `options.maxPages` says otherwise. */
export const DEFAULT_MAX_PAGES = 100;

export interface FetchedPage {
  body: Buffer;
  bytes: number;
  latencyMs: number;
}

/** Fetches one further page under a byte budget (what is left of the source's maxBytes). */
export type PageFetcher = (url: string, maxBytes: number) => Promise<FetchedPage>;

export interface AllPages extends FetchedPage {
  pages: number;
  /** PAGES_TRUNCATED when a cap or the API's own limit stopped the pager before the last page. */
  warnings: ParseWarning[];
}

/**
 * One poll = every page: follows the format's "next page" rule from the first page, bounded by
 * `maxPages` and by `maxBytes` for all pages together, only on the first page's origin (the
 * source's headers go nowhere else) and never twice to one URL. The pages become one payload,
 * the first page's object with every page's records, which the format's adapter reads as it
 * reads one page. A page that fails fails the poll; a cap reached keeps the pages read, with a
 * PAGES_TRUNCATED warning saying which cap and how many records were read.
 */
export async function readAllPages(
  first: FetchedPage,
  firstUrl: string,
  rule: PagingRule,
  fetchPage: PageFetcher,
  limits: { maxPages: number; maxBytes: number },
): Promise<AllPages> {
  const start = readPage(first.body, firstUrl, rule, 1, false);
  if (start?.next === undefined) {
    return { ...first, pages: 1, warnings: start?.stop === undefined ? [] : [truncated(start.stop)] };
  }
  const origin = new URL(firstUrl).origin;
  const seen = new Set([firstUrl]);
  const items = [...start.items];
  const total = { bytes: first.bytes, latencyMs: first.latencyMs, pages: 1 };
  let last: PageRead = start;
  let stop: string | undefined;
  while (last.next !== undefined) {
    const next = last.next;
    stop = capReached(next, origin, seen, total.pages, total.bytes, limits, items.length, last.total);
    if (stop !== undefined) break;
    seen.add(next);
    let page: FetchedPage;
    try {
      page = await fetchPage(next, limits.maxBytes - total.bytes);
    } catch (error) {
      if (!(error instanceof AppException && error.code === ErrorCode.FETCH_TOO_LARGE)) throw error;
      stop = `page ${total.pages + 1} would pass maxBytes (${limits.maxBytes} bytes for all pages): ${counted(items.length, last.total)}`;
      break;
    }
    total.pages += 1;
    total.bytes += page.bytes;
    total.latencyMs += page.latencyMs;
    const read = readPage(page.body, next, rule, total.pages, true);
    if (read.listKey !== start.listKey) {
      throw new ParseException(`page ${total.pages} holds "${read.listKey}", the first page "${start.listKey}"`);
    }
    items.push(...read.items);
    last = read;
  }
  stop ??= last.stop;
  const merged: Record<string, unknown> = { ...start.page, [start.listKey]: items };
  for (const key of rule.linkKeys) delete merged[key];
  return {
    body: Buffer.from(JSON.stringify(merged), 'utf8'),
    ...total,
    warnings: stop === undefined ? [] : [truncated(stop)],
  };
}

function readPage(body: Buffer, url: string, rule: PagingRule, n: number, required: true): PageRead;
function readPage(body: Buffer, url: string, rule: PagingRule, n: number, required: false): PageRead | undefined;
function readPage(body: Buffer, url: string, rule: PagingRule, n: number, required: boolean): PageRead | undefined {
  let parsed: unknown;
  try {
    parsed = readJsonPayload(body, `page ${n}`);
  } catch (error) {
    // The first page as it is goes to the adapter, which reports what it cannot read.
    if (!required) return undefined;
    throw error;
  }
  const read = rule.read(parsed, new URL(url));
  if (read === undefined && required) throw new ParseException(`page ${n} is not a page of the publication`);
  return read;
}

function capReached(
  next: string,
  origin: string,
  seen: Set<string>,
  pages: number,
  bytes: number,
  limits: { maxPages: number; maxBytes: number },
  read: number,
  total: number | undefined,
): string | undefined {
  if (pages >= limits.maxPages)
    return `stopped after ${pages} pages (options.maxPages ${limits.maxPages}): ${counted(read, total)}`;
  if (new URL(next).origin !== origin)
    return `the next page is on another origin (${new URL(next).origin}), not followed: ${counted(read, total)}`;
  if (seen.has(next)) return `the next page is one already read (${new URL(next).pathname}): ${counted(read, total)}`;
  if (bytes >= limits.maxBytes)
    return `the pages reached maxBytes (${limits.maxBytes} bytes for all pages): ${counted(read, total)}`;
  return undefined;
}

function counted(read: number, total: number | undefined): string {
  return total === undefined ? `${read} records read` : `${read} of ${total} records read`;
}

function truncated(message: string): ParseWarning {
  return { code: ErrorCode.PAGES_TRUNCATED, message: `not every page was read: ${message}`, ref: 'pages' };
}
