/**
 * Feed health: every source's status, last success, last error and warnings in words, and its
 * latest outages (GET /v1/sources/:id/outages), on the card at once. Source status changes arrive
 * live; a source whose status changes has its outages read again. The outages of the first
 * OUTAGES_AT_ONCE sources (in the order shown: down first) are read when the view opens, one
 * request at a time; the cards after them have a button, so that a hub with hundreds of sources
 * does not spend an anonymous client's rate limit on one view.
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
      { class: 'outages', 'aria-label': t('outages') },
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

  function render(): void {
    list.replaceChildren(...ordered().map(card));
  }

  /** A source's latest outages: read, being read, or not read yet (a button reads them). */
  const outages = new Map<string, Outage[] | 'loading'>();

  function outageBox(id: string): HTMLElement {
    const known = outages.get(id);
    if (known === undefined)
      return h('button', { type: 'button', onclick: () => void loadOutages(id) }, t('showOutages'));
    if (known === 'loading') return h('p', { class: 'muted' }, '…');
    if (known.length === 0) return h('p', {}, t('noOutages'));
    return h(
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
  }

  async function loadOutages(id: string): Promise<void> {
    const before = outages.get(id);
    if (before === undefined) {
      outages.set(id, 'loading');
      render();
    }
    try {
      const body = await getJson<ListPage<Outage>>(
        `/v1/sources/${encodeURIComponent(id)}/outages?limit=${OUTAGES_SHOWN}`,
      );
      outages.set(id, body.data);
    } catch (error) {
      if (outages.get(id) === 'loading') outages.delete(id);
      problem(error, t('outages'));
    }
    render();
  }

  /** The first sources' outages, one request at a time, once the list is known. */
  let readAtOnce = false;
  async function loadFirstOutages(): Promise<void> {
    if (readAtOnce) return;
    readAtOnce = true;
    for (const s of ordered().slice(0, OUTAGES_AT_ONCE)) {
      if (!outages.has(s.id)) await loadOutages(s.id);
    }
  }

  /** A status change may open or close an outage: read that source's again if it was read. */
  function updated(s: SourceHealth): void {
    const was = health.get(s.id);
    health.set(s.id, s);
    const read = outages.get(s.id);
    if (was !== undefined && was.status !== s.status && read !== undefined && read !== 'loading')
      void loadOutages(s.id);
  }

  getJson<ListPage<SourceHealth>>('/v1/sources')
    .then((body) => {
      for (const s of body.data) health.set(s.id, s);
      render();
      void loadFirstOutages();
    })
    .catch((error: unknown) => problem(error, t('healthTitle')));
  const live = follow(
    { sources: true },
    {
      ready: (ack) => {
        if (ack.resumed) return;
        for (const s of ack.snapshot.sources ?? []) updated(s);
        render();
        void loadFirstOutages();
      },
      source: ({ source }) => {
        updated(source);
        render();
      },
    },
  );
  return () => void live.stop().catch(() => undefined);
}
