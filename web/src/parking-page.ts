/**
 * One car park: details (status, free, capacity, disabled places, times, quality flags), its last
 * 24 h of free places (GET /v1/parkings/:id/history, 15 min buckets) with the usual curve for this
 * weekday (hourly buckets of the previous four weeks), CSV download; live through the store.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Parking } from '../../src/parking/parking.model.js';
import { apiKey, downloadCsv, getJson, type ListPage } from './api.js';
import { clear, h } from './dom.js';
import { formatChartTime, formatNumber, formatPercent, formatTime, t } from './i18n.js';
import { loadParkings, occupancyClass, occupancyOf, onParkings, parkings } from './parkings-store.js';
import { tr } from './parkings-view.js';

interface Bucket {
  t: string;
  free: { min: number | null; avg: number | null; max: number | null };
  occupancy: number | null;
}

const HOUR = 3_600_000;

export function parkingPage(main: HTMLElement, id: string, problem: (e: unknown, what?: string) => void): () => void {
  const details = h('dl', { class: 'details' });
  const title = h('h2', { id: 'parking-title' }, id);
  const chartBox = h('div', { class: 'chart', id: 'chart', role: 'img', 'aria-label': t('chartLabel') });
  const chartNote = h('p', { class: 'hint' });
  const csvPath = `/v1/parkings/${encodeURIComponent(id)}/history?format=csv`;
  const csv = h(
    'a',
    { href: csvPath, download: `${id.replace(/[^\w.-]+/g, '_')}-24h.csv`, id: 'csv' },
    t('downloadCsv'),
  );
  csv.addEventListener('click', (e) => {
    if (apiKey() === undefined) return; // a plain link is enough without a key
    e.preventDefault();
    downloadCsv(csvPath, csv.download).catch((error: unknown) => problem(error, 'CSV'));
  });
  clear(main);
  main.append(
    h(
      'article',
      { class: 'parking-page', 'aria-labelledby': 'parking-title' },
      h('p', {}, h('a', { href: '#/' }, t('back'))),
      title,
      h('section', { 'aria-label': t('details') }, details),
      h(
        'section',
        { 'aria-labelledby': 'chart-title' },
        h('h3', { id: 'chart-title' }, t('last24h')),
        chartBox,
        chartNote,
        h('p', {}, csv),
      ),
    ),
  );

  function render(p: Parking | undefined): void {
    if (p === undefined) return;
    title.textContent = p.name ?? p.id;
    const occ = occupancyOf(p);
    const rows: Array<[string, Node | string]> = [
      [
        t('status'),
        h(
          'span',
          {},
          h('span', { class: `dot ${occupancyClass(p)}`, 'aria-hidden': 'true' }),
          tr(`status.${p.status}`),
          p.stale ? h('span', { class: 'badge badge-stale', title: t('staleTitle') }, t('stale')) : '',
        ),
      ],
      [t('free'), p.free === null ? t('unknown') : formatNumber(p.free)],
      [t('capacity'), p.capacity === null ? t('unknown') : formatNumber(p.capacity)],
      [t('occupancy'), occ === undefined ? t('unknown') : formatPercent(occ)],
      [t('trend'), tr(`trend.${p.trend}`)],
      [t('kind'), tr(`kind.${p.kind}`)],
      [t('source'), p.source],
      [t('address'), p.address ?? '—'],
      [
        t('disabledPlaces'),
        p.disabled === undefined
          ? '—'
          : t('disabledValue', { free: p.disabled.free ?? '?', capacity: p.disabled.capacity ?? '?' }),
      ],
      [t('observedAt'), formatTime(p.observedAt, true)],
      [t('receivedAt'), formatTime(p.receivedAt, true)],
      [t('quality'), p.quality.length === 0 ? t('none') : p.quality.join(', ')],
    ];
    details.replaceChildren(...rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
  }

  let plot: uPlot | undefined;
  const off = onParkings((changed) => {
    if (changed === 'all' || changed.includes(id)) render(parkings.get(id));
  });
  loadParkings()
    .then(() => {
      if (!parkings.has(id)) problem(new Error(t('notFound', { id })), id);
      render(parkings.get(id));
    })
    .catch((error: unknown) => problem(error, id));
  void drawChart();

  async function drawChart(): Promise<void> {
    const base = `/v1/parkings/${encodeURIComponent(id)}/history`;
    const now = Date.now();
    let recent: Bucket[];
    try {
      recent = (await getJson<ListPage<Bucket>>(`${base}?bucket=15m&limit=200`)).data;
    } catch (error) {
      problem(error, t('last24h'));
      return;
    }
    const usual = await usualCurve(base, now).catch(() => undefined);
    const points = recent.filter((b) => b.free.avg !== null);
    if (points.length === 0) {
      chartNote.textContent = t('noHistory');
    }
    const xs = recent.map((b) => Date.parse(b.t) / 1000);
    const ys = recent.map((b) => b.free.avg);
    const usualYs = xs.map((x) => usual?.get(slot(new Date(x * 1000))) ?? null);
    const width = Math.max(280, Math.min(900, chartBox.clientWidth || 600));
    plot?.destroy();
    plot = new uPlot(
      {
        width,
        height: 260,
        scales: { x: { time: true, range: (): uPlot.Range.MinMax => [now / 1000 - 86_400, now / 1000] } },
        series: [
          // The time in the legend and on the axis in the page's language, not uPlot's English.
          { label: t('time'), value: (_u, v) => (v === null ? '—' : formatChartTime(v)) },
          { label: t('freePlaces'), stroke: '#1b6ac9', width: 2, fill: 'rgba(27,106,201,0.08)', spanGaps: true },
          { label: t('usualCurve'), stroke: '#999', width: 1, dash: [6, 4], spanGaps: true },
        ],
        axes: [{ values: (_u, splits) => splits.map((s) => formatChartTime(s)) }, { label: t('freePlaces') }],
      },
      [xs, ys, usualYs],
      chartBox,
    );
    chartBox.dataset.points = String(points.length);
  }

  return () => {
    off();
    plot?.destroy();
  };
}

/** Weekday and hour of a time, in the browser's zone. */
function slot(d: Date): string {
  return `${d.getDay()}-${d.getHours()}`;
}

/**
 * The usual curve: average free places for each weekday and hour of the chart over the four weeks
 * before (hourly buckets), so each point is compared with the same weekday and hour 7, 14, 21 and
 * 28 days earlier. The chart's hours run from the one 24 h ago to the current one: the range is
 * those hours shifted back by 28 days (first) to 7 days (last), which holds each of their weekday
 * and hour exactly four times and the chart's own day not at all.
 */
async function usualCurve(base: string, now: number): Promise<Map<string, number> | undefined> {
  const firstHour = Math.floor((now - 24 * HOUR) / HOUR) * HOUR;
  const lastHour = Math.floor(now / HOUR) * HOUR;
  const from = new Date(firstHour - 28 * 24 * HOUR).toISOString();
  const to = new Date(lastHour + HOUR - 7 * 24 * HOUR).toISOString();
  const body = await getJson<ListPage<Bucket>>(`${base}?bucket=1h&from=${from}&to=${to}&limit=1000`);
  const sums = new Map<string, { sum: number; n: number }>();
  for (const b of body.data) {
    if (b.free.avg === null) continue;
    const key = slot(new Date(b.t));
    const s = sums.get(key) ?? { sum: 0, n: 0 };
    s.sum += b.free.avg;
    s.n += 1;
    sums.set(key, s);
  }
  if (sums.size === 0) return undefined;
  return new Map([...sums].map(([key, s]) => [key, s.sum / s.n]));
}
