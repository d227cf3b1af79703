/**
 * Departures board for a chosen stop (#/departures/<stop id>): timetable merged with real time,
 * delays shown; live `departures` events; active alerts (all, live).
 */
import type { Alert, Departure, Stop } from '../../src/transit/transit.model.js';
import { getJson, type ListPage } from './api.js';
import { clear, h } from './dom.js';
import { formatTime, t } from './i18n.js';
import { follow } from './live.js';

function delayText(d: Departure): string {
  if (d.status === 'canceled') return t('canceled');
  if (d.status === 'skipped') return t('skipped');
  if (!d.realtime) return t('timetable');
  const m = Math.round(d.delay / 60);
  if (m === 0) return t('onTime');
  return m > 0 ? t('lateBy', { m }) : t('earlyBy', { m: -m });
}

export function departuresView(
  main: HTMLElement,
  stopId: string,
  problem: (e: unknown, what?: string) => void,
): () => void {
  const q = h('input', { type: 'search', id: 'stop-q', placeholder: t('stopSearch') });
  const results = h('ul', { class: 'stop-results', id: 'stop-results' });
  const board = h('div', { id: 'board' });
  const alerts = h('div', { id: 'alerts' });
  clear(main);
  main.append(
    h(
      'section',
      { 'aria-labelledby': 'dep-title', class: 'departures' },
      h('h2', { id: 'dep-title' }, t('departuresTitle')),
      h(
        'form',
        { role: 'search', class: 'filters', onsubmit: (e: Event) => (e.preventDefault(), void search()) },
        h('label', { for: 'stop-q' }, t('stopSearch')),
        q,
        h('button', { type: 'submit' }, t('search')),
      ),
      results,
      board,
      h('h3', {}, t('alerts')),
      alerts,
    ),
  );

  async function search(): Promise<void> {
    try {
      const term = q.value.trim();
      const body = await getJson<ListPage<Stop>>(
        `/v1/stops?limit=30${term === '' ? '' : `&q=${encodeURIComponent(term)}`}`,
      );
      results.replaceChildren(
        ...(body.data.length === 0
          ? [h('li', {}, t('noStops'))]
          : body.data.map((s) =>
              h(
                'li',
                {},
                h(
                  'a',
                  { href: `#/departures/${encodeURIComponent(s.id)}` },
                  s.name,
                  s.code === null ? '' : ` (${s.code})`,
                ),
              ),
            )),
      );
    } catch (error) {
      problem(error, t('stop'));
    }
  }

  function renderBoard(stop: Stop | undefined, list: Departure[]): void {
    const rows = list.map((d) =>
      h(
        'tr',
        { class: `dep dep-${d.status}`, 'data-trip': d.tripId },
        h('td', {}, h('span', { class: 'line' }, d.route.shortName ?? d.route.id)),
        h('td', {}, d.headsign ?? '—'),
        h('td', { class: 'num' }, formatTime(d.scheduledTime)),
        h('td', { class: 'num' }, d.estimatedTime === null ? '—' : formatTime(d.estimatedTime)),
        h(
          'td',
          { class: `delay ${d.delay > 60 ? 'late' : d.delay < -60 ? 'early' : ''}`, 'data-delay': d.delay },
          delayText(d),
        ),
      ),
    );
    board.replaceChildren(
      h('h3', { id: 'board-title' }, stop?.name ?? stopId),
      list.length === 0
        ? h('p', {}, t('noDepartures'))
        : h(
            'table',
            { class: 'board', 'aria-labelledby': 'board-title' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ...[t('route'), t('destination'), t('scheduled'), t('expected'), t('delay')].map((c) =>
                  h('th', { scope: 'col' }, c),
                ),
              ),
            ),
            h('tbody', {}, ...rows),
          ),
    );
  }

  const activeAlerts = new Map<string, Alert>();
  function renderAlerts(): void {
    alerts.replaceChildren(
      activeAlerts.size === 0
        ? h('p', {}, t('noAlerts'))
        : h(
            'ul',
            { class: 'alerts' },
            ...[...activeAlerts.values()].map((a) =>
              h('li', {}, h('strong', {}, a.header ?? a.effect), a.description === null ? '' : ` — ${a.description}`),
            ),
          ),
    );
  }

  const follows = [
    follow(
      { alerts: true },
      {
        ready: (ack) => {
          if (ack.resumed) return;
          activeAlerts.clear();
          for (const a of ack.snapshot.alerts ?? []) activeAlerts.set(a.id, a);
          renderAlerts();
        },
        alert: ({ alert, removed }) => {
          if (removed === true) activeAlerts.delete(alert.id);
          else activeAlerts.set(alert.id, alert);
          renderAlerts();
        },
      },
    ),
  ];
  renderAlerts();

  if (stopId === '') {
    board.replaceChildren(h('p', {}, t('chooseStop')));
    void search();
  } else {
    let stop: Stop | undefined;
    getJson<Stop>(`/v1/stops/${encodeURIComponent(stopId)}`)
      .then((s) => {
        stop = s;
        q.value = s.name;
      })
      .catch((error: unknown) => problem(error, t('stop')));
    getJson<ListPage<Departure>>(`/v1/stops/${encodeURIComponent(stopId)}/departures?limit=20`)
      .then((body) => renderBoard(stop, body.data))
      .catch((error: unknown) => problem(error, t('departuresTitle')));
    follows.push(
      follow(
        { stops: [stopId] },
        {
          ready: (ack) => {
            if (!ack.resumed && ack.snapshot.departures !== undefined) renderBoard(stop, ack.snapshot.departures);
          },
          departures: (e) => {
            if (e.stopId === stopId) renderBoard(stop, e.departures);
          },
        },
      ),
    );
  }
  return () => {
    for (const f of follows) void f.stop().catch(() => undefined);
  };
}
