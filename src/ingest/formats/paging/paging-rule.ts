/**
 * How a paged publication says where its next page is. Pure: bytes and the page's URL in, the
 * records and the next URL out; the fetch side (src/ingest/paged-fetch.ts) does the requests.
 */
export interface PageRead {
  /** The key of the record list in the page object (`results`, `records`, `items`). */
  listKey: string;
  /** The page as parsed; its list and paging links are replaced when the pages are merged. */
  page: Record<string, unknown>;
  items: unknown[];
  /** The next page's absolute URL; absent on the last page. */
  next?: string;
  /** Why no next page is asked though the publication has more (a limit of the API). */
  stop?: string;
  /** Records the publication says it has in all, when it says. */
  total?: number;
}

export interface PagingRule {
  /** undefined: not a paged shape (the payload is taken whole, as before). */
  read(page: unknown, url: URL): PageRead | undefined;
  /** Keys of the first page dropped from the merged payload (links to pages that are now inside it). */
  readonly linkKeys: readonly string[];
}

/** The URL with one query parameter set (others kept, in their order). */
export function withParam(url: URL, name: string, value: number | string): string {
  const next = new URL(url.href);
  next.searchParams.set(name, String(value));
  return next.href;
}

/** A non-negative integer query parameter, or the fallback when absent or not one. */
export function intParam(url: URL, name: string, fallback: number): number {
  const raw = url.searchParams.get(name);
  const n = raw === null ? NaN : Number(raw);
  return Number.isInteger(n) && n >= 0 ? n : fallback;
}
