import { isRecord } from '../shared-json/dot-path.util.js';
import { intParam, type PageRead, type PagingRule, withParam } from '../paging/paging-rule.js';

/** Explore v2.x answers 400 past offset + limit = 10,000 on /records (its /exports has no limit). */
export const EXPLORE_MAX_WINDOW = 10_000;

/**
 * OpenDataSoft's paging, from the portal's own counts:
 * - Explore v2.1 `{ total_count, results }` and v2.0 `{ total_count, records }`: `offset` (default
 *   0) + the page's records, while under total_count and inside the 10,000-record window;
 * - records API v1 `{ nhits, parameters: { start }, records }`: `start` + the page's records;
 * - data-fair `{ total, results, next }`: its `next` URL.
 */
export const opendatasoftPaging: PagingRule = {
  linkKeys: ['next'],
  read(page: unknown, url: URL): PageRead | undefined {
    if (!isRecord(page)) return undefined;
    if (typeof page.next === 'string' && Array.isArray(page.results)) {
      return {
        listKey: 'results',
        page,
        items: page.results,
        next: new URL(page.next, url).href,
        ...total(page.total),
      };
    }
    if (typeof page.nhits === 'number' && Array.isArray(page.records)) {
      const start = intParam(url, 'start', 0);
      return window(page, 'records', page.records, page.nhits, start, (at) => withParam(url, 'start', at));
    }
    const listKey = Array.isArray(page.results) ? 'results' : Array.isArray(page.records) ? 'records' : undefined;
    if (listKey === undefined || typeof page.total_count !== 'number') return undefined;
    const items = page[listKey] as unknown[];
    const offset = intParam(url, 'offset', 0);
    const read = window(page, listKey, items, page.total_count, offset, (at) => withParam(url, 'offset', at));
    if (read.next === undefined || offset + 2 * items.length <= EXPLORE_MAX_WINDOW) return read;
    const { next: _beyond, ...last } = read;
    return {
      ...last,
      stop: `OpenDataSoft Explore serves at most ${EXPLORE_MAX_WINDOW} records through /records (total_count ${page.total_count}); read the dataset's /exports/json instead`,
    };
  },
};

function window(
  page: Record<string, unknown>,
  listKey: string,
  items: unknown[],
  count: number,
  start: number,
  at: (offset: number) => string,
): PageRead {
  const nextStart = start + items.length;
  const more = items.length > 0 && nextStart < count;
  return { listKey, page, items, total: count, ...(more ? { next: at(nextStart) } : {}) };
}

function total(value: unknown): { total?: number } {
  return typeof value === 'number' ? { total: value } : {};
}
