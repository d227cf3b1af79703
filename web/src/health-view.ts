/**
 * Feed health: every source's status, last success, last error and warnings in words, and its
 * outages (GET /v1/sources/:id/outages, when opened). Source status changes arrive live.
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
    const outages = h('div', { class: 'outages' });
    const more = h('details', { 'data-source': s.id }, h('summary', {}, t('showOutages')), outages);
    more.addEventListener('toggle', () => {
      if (more.open) void loadOutages(s.id, outages);
    });
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
      more,
    );
  }

  function render(): void {
    const sorted = [...health.values()].sort((a, b) => ORDER[a.status] - ORDER[b.status] || a.id.localeCompare(b.id));
    list.replaceChildren(...sorted.map(card));
  }

  async function loadOutages(id: string, box: HTMLElement): Promise<void> {
    try {
      const body = await getJson<ListPage<Outage>>(`/v1/sources/${encodeURIComponent(id)}/outages?limit=20`);
      box.replaceChildren(
        body.data.length === 0
          ? h('p', {}, t('noOutages'))
          : h(
              'ul',
              {},
              ...body.data.map((o) =>
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
            ),
      );
    } catch (error) {
      problem(error, t('outages'));
    }
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
        for (const s of ack.snapshot.sources ?? []) health.set(s.id, s);
        render();
      },
      source: ({ source }) => {
        health.set(source.id, source);
        render();
      },
    },
  );
  return () => void live.stop().catch(() => undefined);
}
