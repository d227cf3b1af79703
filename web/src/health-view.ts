/**
 * Feed health: every source's status, last success, last error and warnings in words, and its
 * latest outages on the card, older ones a page at a time ("Older outages", GET
 * /v1/sources/:id/outages). Source status changes arrive live. When the view opens, one request
 * (GET /v1/outages?perSource=6: each source's latest six, newest first, 500 a page, so one page
 * up to 83 sources and a page more for each 83 after) gives every card its latest
 * OUTAGES_SHOWN, and tells whether it has older ones. A source whose status changes has its
 * outages read again (several at once, after a reconnection: one request for them all); and while a card's
 * outages disagree with its status (down with no ongoing outage: the hub writes the row just
 * after the status change is sent, or up with one still ongoing), the source's next live event
 * reads them again, and a read just after a status change is repeated once OUTAGE_RECHECK_MS
 * later. A source that appears later (a reload) has its own read. No polling loop; if the first
 * read fails (a 429, say), each card has a button that reads its source's.
 */
import type { SourceHealth } from '../../src/ops/source-health.model.js';
import { getJson, type ListPage } from './api.js';
import { clear, h } from './dom.js';
import { formatDuration, formatTime, has, t } from './i18n.js';
import { follow } from './live.js';

/** How a card's older outages are read: after the cursor of its last page, or those started before `to`. */
type Older = { cursor: string } | { to: string };

interface Outage {
  sourceId: string;
  startedAt: string;
  endedAt: string | null;
  ongoing: boolean;
  durationMs: number;
  cause: { code: string; message: string };
  pollsFailed: number;
}

/** Outages read per source: the latest few, as the card shows them. */
const OUTAGES_SHOWN = 5;
/** The read of every source's outages (GET /v1/outages?perSource): this many a page, at most this many pages. */
const ALL_OUTAGES_LIMIT = 500;
const ALL_OUTAGES_PAGES = 10;
/** A re-read of more sources than this asks for all of them (no `source` list in the URL). */
const SOURCES_IN_URL = 40;
/** A read right after a status change may come before the hub wrote the outage row: read once more after this. */
const OUTAGE_RECHECK_MS = 3_000;

const ORDER: Record<SourceHealth['status'], number> = { down: 0, degraded: 1, ok: 2, disabled: 3 };

export function errorInWords(code: string, message: string): string {
  const key = `code.${code}`;
  return has(key) ? `${t(key)} (${code}: ${message})` : `${code}: ${message}`;
}

export function healthView(main: HTMLElement, problem: (e: unknown, what?: string) => void): () => void {
  const list = h('div', { class: 'sources', id: 'sources' });
  clear(main);
  main.append(
    h('section', { 'aria-labelledby': 'health-title' }, h('h2', { id: 'health-title' }, t('healthTitle')), list),
  );
  const health = new Map<string, SourceHealth>();

  function card(s: SourceHealth): HTMLElement {
    const outages = h(
      'section',
      { class: 'outages', 'aria-label': t('outages'), tabindex: -1, 'data-focus': 'outages' },
      h('h4', {}, t('outages')),
      outageBox(s.id),
    );
    const rows: Array<[string, string]> = [
      [t('lastSuccess'), formatTime(s.lastSuccessAt, true)],
      [t('lastPoll'), formatTime(s.lastPollAt, true)],
      [
        t('lastError'),
        s.lastError === undefined
          ? t('none')
          : `${errorInWords(s.lastError.code, s.lastError.message)} — ${formatTime(s.lastError.at, true)}`,
      ],
      [t('warnings'), s.warnings === 0 ? t('none') : t('warningsValue', { n: s.warnings })],
      [t('entities'), String(s.entities)],
      [t('failures'), String(s.consecutiveFailures)],
    ];
    if (s.failingSince !== undefined) rows.push([t('failingSince'), formatTime(s.failingSince, true)]);
    if (s.nextPollAt !== undefined)
      rows.push([t('nextPoll'), `${formatTime(s.nextPollAt, true)} (${s.pacedBy ?? ''})`]);
    const notes = (s.recentWarnings ?? []).filter((n) => n.kind === 'warning').slice(0, 5);
    const warningList =
      notes.length === 0
        ? null
        : h(
            'ul',
            { class: 'warnings', 'aria-label': t('recentWarnings') },
            ...notes.map((n) =>
              h(
                'li',
                {},
                errorInWords(n.code, n.message),
                n.ref === undefined ? '' : ` [${n.ref}]`,
                ` — ${formatTime(n.at, true)}`,
              ),
            ),
          );
    return h(
      'article',
      { class: `source source-${s.status}`, 'data-source': s.id, 'aria-labelledby': `src-${s.id}` },
      h(
        'h3',
        { id: `src-${s.id}` },
        s.id,
        ' ',
        h('span', { class: `badge health-${s.status}` }, t(`health.${s.status}` as 'health.ok')),
        h('span', { class: 'muted' }, ` ${s.kind}${s.format === null ? '' : ` · ${s.format}`}`),
      ),
      h('dl', { class: 'details' }, ...rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
      warningList,
      outages,
    );
  }

  function ordered(): SourceHealth[] {
    return [...health.values()].sort((a, b) => ORDER[a.status] - ORDER[b.status] || a.id.localeCompare(b.id));
  }

  /**
   * Every card again, the keyboard focus kept: on the same control of the same card, or on the
   * card's outages when the button that read them is gone.
   */
  function render(): void {
    const active = document.activeElement;
    const focusedCard = (active?.closest('article[data-source]') as HTMLElement | null)?.dataset.source;
    const focusedRole = (active as HTMLElement | null)?.dataset?.focus;
    const sources = ordered();
    list.replaceChildren(...sources.map(card));
    if (focusedCard !== undefined && focusedRole !== undefined) {
      const at = list.querySelector(`article[data-source="${CSS.escape(focusedCard)}"]`);
      (
        at?.querySelector<HTMLElement>(`[data-focus="${focusedRole}"]`) ?? at?.querySelector<HTMLElement>('.outages')
      )?.focus();
    }
    readMissing(sources);
  }

  /** A source's latest outages: read, being read, or not read (the first read failed: a button reads them). */
  const outages = new Map<string, Outage[] | 'loading'>();
  /** How a source's older outages are read, null when all are shown. */
  const older = new Map<string, Older | null>();

  function outageBox(id: string): HTMLElement {
    const known = outages.get(id);
    if (known === undefined)
      return h(
        'button',
        { type: 'button', 'data-focus': 'show-outages', onclick: () => void refresh([id]) },
        t('showOutages'),
      );
    if (known === 'loading') return h('p', { class: 'muted' }, '…');
    const more = older.get(id) ?? null;
    if (known.length === 0 && more === null) return h('p', {}, t('noOutages'));
    const list = h(
      'ul',
      {},
      ...known.map((o) =>
        h(
          'li',
          {},
          t('outageLine', {
            from: formatTime(o.startedAt, true),
            to: o.endedAt === null ? t('ongoing') : formatTime(o.endedAt, true),
            dur: formatDuration(o.ongoing ? Date.now() - Date.parse(o.startedAt) : o.durationMs),
            cause: errorInWords(o.cause.code, o.cause.message),
          }),
        ),
      ),
    );
    if (more === null) return list;
    return h(
      'div',
      {},
      known.length === 0 ? '' : list,
      h(
        'button',
        { type: 'button', 'data-focus': 'older-outages', onclick: () => void loadOlder(id, more) },
        t('olderOutages'),
      ),
    );
  }

  let closed = false;
  /** Sources whose outages are being read. */
  const reading = new Set<string>();
  /** The first read of every source's outages: not yet, under way, or answered (or failed). */
  let firstRead: 'no' | 'reading' | 'done' = 'no';

  /** As many as the card shows (older ones opened included), from the newest. */
  function keep(id: string): number {
    const shown = outages.get(id);
    return Math.min(500, Math.max(OUTAGES_SHOWN, Array.isArray(shown) ? shown.length : 0));
  }

  /**
   * Reads the latest outages of `ids` (undefined: every source): one source from its own route,
   * several with GET /v1/outages. `recheck`: once more OUTAGE_RECHECK_MS later for those that
   * then disagree with their status.
   */
  async function refresh(ids: string[] | undefined, recheck = false): Promise<void> {
    const wanted = (ids ?? [...health.keys()]).filter((id) => !reading.has(id));
    if (ids !== undefined && wanted.length === 0) return;
    const unread = wanted.filter((id) => !outages.has(id));
    for (const id of wanted) reading.add(id);
    for (const id of unread) outages.set(id, 'loading');
    if (unread.length > 0) render();
    try {
      if (ids !== undefined && wanted.length === 1) {
        const [id] = wanted;
        const body = await getJson<ListPage<Outage>>(`/v1/sources/${encodeURIComponent(id)}/outages?limit=${keep(id)}`);
        outages.set(id, body.data);
        older.set(id, body.meta.next === null ? null : { cursor: body.meta.next });
      } else {
        const subset = ids !== undefined && wanted.length <= SOURCES_IN_URL;
        // One more than each card shows: a source with that many has older ones.
        const perSource = Math.min(100, Math.max(...wanted.map(keep), OUTAGES_SHOWN) + 1);
        const path = `/v1/outages?limit=${ALL_OUTAGES_LIMIT}&perSource=${perSource}${subset ? `&source=${wanted.map(encodeURIComponent).join(',')}` : ''}`;
        const rows: Outage[] = [];
        let next: string | null = null;
        for (let pages = 0; pages < ALL_OUTAGES_PAGES; pages++) {
          const body: ListPage<Outage> = await getJson<ListPage<Outage>>(
            next === null ? path : `${path}&cursor=${encodeURIComponent(next)}`,
          );
          rows.push(...body.data);
          next = body.meta.next;
          if (next === null) break;
        }
        spread(subset ? wanted : [...new Set([...wanted, ...rows.map((o) => o.sourceId)])], rows, next !== null);
      }
    } catch (error) {
      for (const id of wanted) if (outages.get(id) === 'loading') outages.delete(id);
      problem(error, t('outages'));
    } finally {
      for (const id of wanted) reading.delete(id);
    }
    render();
    if (!recheck) return;
    const again = wanted.filter((id) => {
      const s = health.get(id);
      return s !== undefined && disagrees(s);
    });
    if (again.length > 0)
      setTimeout(() => {
        if (!closed) void refresh(again);
      }, OUTAGE_RECHECK_MS);
  }

  /**
   * Each source's rows of GET /v1/outages?perSource (newest first, one more than its card shows
   * when it has more). `cut`: the list went on past the pages read (over ALL_OUTAGES_PAGES of
   * them); a source may then have more than were read: those started before its last row shown,
   * or, with none shown, before the last start read (ties there: by source id, so its own may be
   * at that instant) are offered as older ones.
   */
  function spread(ids: string[], rows: Outage[], cut: boolean): void {
    const last = rows[rows.length - 1];
    const edge = !cut || last === undefined ? null : new Date(Date.parse(last.startedAt) + 1).toISOString();
    for (const id of ids) {
      const own = rows.filter((o) => o.sourceId === id);
      const shown = own.slice(0, keep(id));
      const oldest = shown[shown.length - 1];
      outages.set(id, shown);
      if (oldest !== undefined && (own.length > shown.length || edge !== null)) older.set(id, { to: oldest.startedAt });
      else older.set(id, oldest === undefined && edge !== null ? { to: edge } : null);
    }
  }

  /** The next OUTAGES_SHOWN older outages of a source, after those on its card. */
  async function loadOlder(id: string, from: Older): Promise<void> {
    if (reading.has(id)) return;
    reading.add(id);
    const after = 'cursor' in from ? `cursor=${encodeURIComponent(from.cursor)}` : `to=${encodeURIComponent(from.to)}`;
    try {
      const body = await getJson<ListPage<Outage>>(
        `/v1/sources/${encodeURIComponent(id)}/outages?limit=${OUTAGES_SHOWN}&${after}`,
      );
      const shown = outages.get(id);
      outages.set(id, [...(Array.isArray(shown) ? shown : []), ...body.data]);
      older.set(id, body.meta.next === null ? null : { cursor: body.meta.next });
    } catch (error) {
      problem(error, t('outages'));
    } finally {
      reading.delete(id);
    }
    render();
  }

  /** The outages read for `s` do not match its status: down without an ongoing one, or up with one. */
  function disagrees(s: SourceHealth): boolean {
    const read = outages.get(s.id);
    if (read === undefined || read === 'loading') return false;
    return (s.status === 'down') !== read.some((o) => o.ongoing);
  }

  /**
   * Once the first read answered, a source that has no outages read and was never asked (one
   * that appeared since) is read on its own, one request at a time; each once (one that failed,
   * a 429 say, keeps its button rather than being asked again at each render).
   */
  let queue: Promise<void> = Promise.resolve();
  const asked = new Set<string>();
  function readMissing(sources: SourceHealth[]): void {
    if (firstRead !== 'done') return;
    for (const s of sources) {
      if (outages.has(s.id) || asked.has(s.id)) continue;
      asked.add(s.id);
      queue = queue.then(async () => {
        if (!closed && !outages.has(s.id)) await refresh([s.id]);
      });
    }
  }

  /** Sources whose status changed since the last re-read was sent: read again together. */
  const changed = new Set<string>();
  /** Sources that disagree with their outages: read again together, without a recheck. */
  const disagreeing = new Set<string>();
  let flushing = false;
  function flushSoon(): void {
    if (flushing) return;
    flushing = true;
    queueMicrotask(() => {
      flushing = false;
      const statusChanged = [...changed];
      const others = [...disagreeing].filter((id) => !changed.has(id));
      changed.clear();
      disagreeing.clear();
      if (statusChanged.length > 0) void refresh(statusChanged, true);
      if (others.length > 0) void refresh(others);
    });
  }

  /** A status change may open or close an outage: read that source's again if they were read. */
  function updated(s: SourceHealth): void {
    const was = health.get(s.id);
    health.set(s.id, s);
    const read = outages.get(s.id);
    if (read === undefined || read === 'loading') return;
    if (was !== undefined && was.status !== s.status) changed.add(s.id);
    else if (disagrees(s)) disagreeing.add(s.id);
    else return;
    flushSoon();
  }

  /** The first read, once the sources are known: every source's outages in one request. */
  function readAllFirst(): void {
    if (firstRead !== 'no') return;
    firstRead = 'reading';
    void refresh(undefined).finally(() => {
      firstRead = 'done';
      // Failed (a 429, say): each card keeps its button rather than being asked on its own.
      for (const id of health.keys()) if (!outages.has(id)) asked.add(id);
      render();
    });
  }

  getJson<ListPage<SourceHealth>>('/v1/sources')
    .then((body) => {
      for (const s of body.data) health.set(s.id, s);
      render();
      readAllFirst();
    })
    .catch((error: unknown) => problem(error, t('healthTitle')));
  const live = follow(
    { sources: true },
    {
      ready: (ack) => {
        if (ack.resumed) return;
        for (const s of ack.snapshot.sources ?? []) updated(s);
        render();
        if (health.size > 0) readAllFirst();
      },
      source: ({ source }) => {
        updated(source);
        render();
      },
    },
  );
  return () => {
    closed = true;
    void live.stop().catch(() => undefined);
  };
}
