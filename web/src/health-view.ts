/**
 * Feed health: every source's status, last success, last error and warnings in words, and its
 * latest outages (GET /v1/sources/:id/outages) on the card, older ones a page at a time ("Older
 * outages"). Source status changes arrive live. The first OUTAGES_AT_ONCE cards in the order shown (down first) always have their outages read,
 * one request at a time: when the view opens, and for a source that moves among them later (one
 * going down moves to the top). The cards after them have a button that reads that source's, so a
 * hub with hundreds of sources does not spend an anonymous client's rate limit on one view. A
 * source whose status changes has its outages read again once they were read; and while a card's
 * outages disagree with its status (down with no ongoing outage: the hub writes the row just
 * after the status change is sent, or up with one still ongoing), the source's next live event
 * reads them again, and a read just after a status change is repeated once OUTAGE_RECHECK_MS later.
 * No polling loop.
 */
import type { SourceHealth } from '../../src/ops/source-health.model.js';
import { getJson, type ListPage } from './api.js';
import { clear, h } from './dom.js';
import { formatDuration, formatTime, has, t } from './i18n.js';
import { follow } from './live.js';

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
const OUTAGES_AT_ONCE = 30;
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
    readFirst(sources);
  }

  /** A source's latest outages: read, being read, or not read yet (a button reads them). */
  const outages = new Map<string, Outage[] | 'loading'>();
  /** The cursor of a source's older outages (`meta.next`), null when all are shown. */
  const older = new Map<string, string | null>();

  function outageBox(id: string): HTMLElement {
    const known = outages.get(id);
    if (known === undefined)
      return h(
        'button',
        { type: 'button', 'data-focus': 'show-outages', onclick: () => void loadOutages(id) },
        t('showOutages'),
      );
    if (known === 'loading') return h('p', { class: 'muted' }, '…');
    if (known.length === 0) return h('p', {}, t('noOutages'));
    const more = older.get(id) ?? null;
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
      list,
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

  /** Reads a source's latest outages; `recheck`: once more OUTAGE_RECHECK_MS later if they disagree with its status. */
  async function loadOutages(id: string, recheck = false): Promise<void> {
    if (reading.has(id)) return;
    reading.add(id);
    if (!outages.has(id)) {
      outages.set(id, 'loading');
      render();
    }
    // As many as the card shows (older ones opened included), from the newest.
    const shown = outages.get(id);
    const limit = Math.min(500, Math.max(OUTAGES_SHOWN, Array.isArray(shown) ? shown.length : 0));
    try {
      const body = await getJson<ListPage<Outage>>(`/v1/sources/${encodeURIComponent(id)}/outages?limit=${limit}`);
      outages.set(id, body.data);
      older.set(id, body.meta.next);
    } catch (error) {
      if (outages.get(id) === 'loading') outages.delete(id);
      problem(error, t('outages'));
    } finally {
      reading.delete(id);
    }
    render();
    const s = health.get(id);
    if (recheck && s !== undefined && disagrees(s))
      setTimeout(() => {
        if (!closed) void loadOutages(id);
      }, OUTAGE_RECHECK_MS);
  }

  /** The next OUTAGES_SHOWN older outages of a source, after those on its card (`cursor`: their `meta.next`). */
  async function loadOlder(id: string, cursor: string): Promise<void> {
    if (reading.has(id)) return;
    reading.add(id);
    try {
      const body = await getJson<ListPage<Outage>>(
        `/v1/sources/${encodeURIComponent(id)}/outages?limit=${OUTAGES_SHOWN}&cursor=${encodeURIComponent(cursor)}`,
      );
      const shown = outages.get(id);
      outages.set(id, [...(Array.isArray(shown) ? shown : []), ...body.data]);
      older.set(id, body.meta.next);
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
   * The first cards' outages not read yet, one request at a time, in the order shown; each source
   * once (one that failed, a 429 say, keeps its button rather than being asked again at each render).
   */
  let queue: Promise<void> = Promise.resolve();
  const asked = new Set<string>();
  function readFirst(sources: SourceHealth[]): void {
    for (const s of sources.slice(0, OUTAGES_AT_ONCE)) {
      if (outages.has(s.id) || asked.has(s.id)) continue;
      asked.add(s.id);
      queue = queue.then(async () => {
        if (!closed && !outages.has(s.id)) await loadOutages(s.id);
      });
    }
  }

  /** A status change may open or close an outage: read that source's again if they were read. */
  function updated(s: SourceHealth): void {
    const was = health.get(s.id);
    health.set(s.id, s);
    const read = outages.get(s.id);
    if (read === undefined || read === 'loading') return;
    if (was !== undefined && was.status !== s.status) void loadOutages(s.id, true);
    else if (disagrees(s)) void loadOutages(s.id);
  }

  getJson<ListPage<SourceHealth>>('/v1/sources')
    .then((body) => {
      for (const s of body.data) health.set(s.id, s);
      render();
    })
    .catch((error: unknown) => problem(error, t('healthTitle')));
  const live = follow(
    { sources: true },
    {
      ready: (ack) => {
        if (ack.resumed) return;
        for (const s of ack.snapshot.sources ?? []) updated(s);
        render();
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
