import { isRecord } from '../shared-json/dot-path.util.js';
import { type PageRead, type PagingRule, withParam } from '../paging/paging-rule.js';

/**
 * ParkAPI v3's paging (park-api-v3 answers through validataclass-search-queries'
 * `paginated_api_response`): `{ items, total_count }` plus, when there is a next page, `next_id`
 * (cursor pagination: the `start` parameter), or `next_offset` (offset pagination), and
 * `next_path` (the path with its query). The start value is set on the URL polled, which keeps a
 * proxy's path prefix that `next_path` may lack; `next_path` alone, or an absolute `next`, is
 * followed as given. ParkAPI v1 and ParkAPI2 payloads are not paged.
 */
export const parkapiPaging: PagingRule = {
  linkKeys: ['next', 'next_id', 'next_offset', 'next_path'],
  read(page: unknown, url: URL): PageRead | undefined {
    if (!isRecord(page) || !Array.isArray(page.items)) return undefined;
    const base = {
      listKey: 'items',
      page,
      items: page.items,
      ...(typeof page.total_count === 'number' ? { total: page.total_count } : {}),
    };
    const next = nextUrl(page, url);
    return page.items.length === 0 || next === undefined ? base : { ...base, next };
  },
};

function nextUrl(page: Record<string, unknown>, url: URL): string | undefined {
  if (typeof page.next === 'string' && page.next !== '') return new URL(page.next, url).href;
  if (isStart(page.next_id)) return withParam(url, 'start', page.next_id);
  if (isStart(page.next_offset)) return withParam(url, 'offset', page.next_offset);
  if (typeof page.next_path === 'string' && page.next_path !== '') return new URL(page.next_path, url).href;
  return undefined;
}

function isStart(value: unknown): value is number | string {
  return (typeof value === 'number' && Number.isInteger(value)) || (typeof value === 'string' && /^\d+$/.test(value));
}
