/**
 * Home: the map and a sortable, filterable list of every car park (name, source, kind, free,
 * capacity, occupancy, trend, stale badge), search by name / address / id; live.
 */
import type { Parking } from '../../src/parking/parking.model.js';
import type { Route, Vehicle } from '../../src/transit/transit.model.js';
import { getAll } from './api.js';
import { follow } from './live.js';
import { h, clear } from './dom.js';
import { formatNumber, formatPercent, has, t, type Key } from './i18n.js';
import { parkingMap, type ParkingMap } from './map-view.js';
import { loadParkings, occupancyClass, occupancyOf, onParkings, parkings } from './parkings-store.js';

type Column = 'name' | 'source' | 'kind' | 'free' | 'capacity' | 'occupancy' | 'trend';
const COLUMNS: Column[] = ['name', 'source', 'kind', 'free', 'capacity', 'occupancy', 'trend'];

const view = { sort: 'name' as Column, desc: false, q: '', source: '', kind: '', onlyFree: false };

function sortValue(p: Parking, c: Column): string | number {
  switch (c) {
    case 'name':
      return (p.name ?? p.id).toLowerCase();
    case 'source':
      return p.source;
    case 'kind':
      return p.kind;
    case 'free':
      return p.free ?? -1;
    case 'capacity':
      return p.capacity ?? -1;
    case 'occupancy':
      return occupancyOf(p) ?? -1;
    case 'trend':
      return p.trend;
  }
}

function visible(): Parking[] {
  const q = view.q.trim().toLowerCase();
  const list = [...parkings.values()].filter(
    (p) =>
      (view.source === '' || p.source === view.source) &&
      (view.kind === '' || p.kind === view.kind) &&
      (!view.onlyFree || (p.free ?? 0) > 0) &&
      (q === '' || [p.name ?? '', p.address ?? '', p.id].some((s) => s.toLowerCase().includes(q))),
  );
  const dir = view.desc ? -1 : 1;
  return list.sort((a, b) => {
    const x = sortValue(a, view.sort);
    const y = sortValue(b, view.sort);
    return (x < y ? -1 : x > y ? 1 : 0) * dir || (a.name ?? a.id).localeCompare(b.name ?? b.id);
  });
}

export function tr(key: string): string {
  return has(key) ? t(key) : key;
}

const TREND_ARROW: Record<Parking['trend'], string> = { filling: '↗', emptying: '↘', stable: '→', unknown: '' };

function row(p: Parking, toMap: (id: string) => void): HTMLTableRowElement {
  const occ = occupancyOf(p);
  const name = p.name ?? p.id;
  return h(
    'tr',
    { 'data-id': p.id, class: p.stale ? 'is-stale' : undefined },
    h(
      'th',
      { scope: 'row' },
      h('a', { href: `#/parking/${encodeURIComponent(p.id)}` }, name),
      // The keyboard's way to this car park's marker, without tabbing through every marker.
      p.location === null
        ? null
        : h(
            'button',
            {
              type: 'button',
              class: 'to-map',
              'aria-label': t('showOnMap', { name }),
              title: t('showOnMap', { name }),
              onclick: () => toMap(p.id),
            },
            t('onMap'),
          ),
      p.stale ? h('span', { class: 'badge badge-stale', title: t('staleTitle') }, t('stale')) : null,
      p.status !== 'open' ? h('span', { class: `badge badge-${p.status}` }, tr(`status.${p.status}`)) : null,
    ),
    h('td', {}, p.source),
    h('td', {}, tr(`kind.${p.kind}`)),
    h(
      'td',
      { class: 'num' },
      h('span', { class: `dot ${occupancyClass(p)}`, 'aria-hidden': 'true' }),
      p.free === null ? '—' : formatNumber(p.free),
    ),
    h('td', { class: 'num' }, p.capacity === null ? '—' : formatNumber(p.capacity)),
    h(
      'td',
      { class: 'num' },
      occ === undefined ? '—' : h('meter', { min: 0, max: 1, value: occ.toFixed(3), 'aria-hidden': 'true' }),
      occ === undefined ? '' : ` ${formatPercent(occ)}`,
    ),
    h('td', {}, `${TREND_ARROW[p.trend]} ${tr(`trend.${p.trend}`)}`),
  );
}

function options(values: string[], label: (v: string) => string, selected: string): HTMLOptionElement[] {
  return [
    h('option', { value: '', selected: selected === '' }, t('all')),
    ...values.map((v) => h('option', { value: v, selected: v === selected }, label(v))),
  ];
}

export function parkingsView(
  main: HTMLElement,
  open: (id: string) => void,
  problem: (e: unknown, what?: string) => void,
): () => void {
  const mapBox = h('div', { id: 'map' });
  const count = h('p', { class: 'count', role: 'status', 'aria-live': 'polite' });
  const search = h('input', { type: 'search', id: 'q', value: view.q, placeholder: t('searchPlaceholder') });
  const sourceSel = h('select', { id: 'f-source' });
  const kindSel = h('select', { id: 'f-kind' });
  const freeBox = h('input', { type: 'checkbox', id: 'f-free', checked: view.onlyFree });
  const routeSel = h('select', { id: 'f-route' }, h('option', { value: '' }, t('noRoute')));
  const vehicleCount = h('span', { class: 'hint', id: 'vehicle-count', 'aria-live': 'polite' });
  const head = h('tr', {});
  const body = h('tbody', {});
  const table = h(
    'table',
    { class: 'parkings', id: 'parkings' },
    h('caption', { class: 'sr-only' }, t('list')),
    h('thead', {}, head),
    body,
  );

  clear(main);
  main.append(
    h(
      'section',
      { class: 'home' },
      h('div', { class: 'map-col' }, mapBox),
      h(
        'div',
        { class: 'list-col' },
        h(
          'div',
          { class: 'filters', role: 'search' },
          h('label', { for: 'q' }, t('search')),
          search,
          h('label', { for: 'f-source' }, t('source')),
          sourceSel,
          h('label', { for: 'f-kind' }, t('kind')),
          kindSel,
          h('label', { class: 'check' }, freeBox, ` ${t('onlyFree')}`),
          h('label', { for: 'f-route' }, t('vehiclesOf')),
          routeSel,
          vehicleCount,
        ),
        count,
        h('div', { class: 'table-wrap' }, table),
      ),
    ),
  );

  // Escape in a focused marker: back to its row's "show on the map" button.
  const backToRow = (id: string): void => {
    body.querySelector<HTMLButtonElement>(`tr[data-id="${CSS.escape(id)}"] button.to-map`)?.focus();
  };
  let map: ParkingMap | undefined = parkingMap(mapBox, open, backToRow);
  const toMap = (id: string): void => void map?.focus(id);

  function renderHead(): void {
    clear(head);
    for (const c of COLUMNS) {
      const active = view.sort === c;
      const label = t(c as Key);
      head.append(
        h(
          'th',
          {
            scope: 'col',
            'aria-sort': active ? (view.desc ? 'descending' : 'ascending') : 'none',
            class: ['free', 'capacity', 'occupancy'].includes(c) ? 'num' : undefined,
          },
          h(
            'button',
            {
              type: 'button',
              'data-sort': c,
              'aria-label': t('sortBy', { col: label }),
              onclick: () => {
                if (view.sort === c) view.desc = !view.desc;
                else {
                  view.sort = c;
                  view.desc = ['free', 'capacity', 'occupancy'].includes(c);
                }
                renderHead();
                renderRows();
                head.querySelector<HTMLButtonElement>(`[data-sort="${c}"]`)?.focus();
              },
            },
            label,
            active ? (view.desc ? ' ▼' : ' ▲') : '',
          ),
        ),
      );
    }
  }

  function renderFilters(): void {
    const all = [...parkings.values()];
    const srcs = [...new Set(all.map((p) => p.source))].sort();
    const kinds = [...new Set(all.map((p) => p.kind))].sort();
    sourceSel.replaceChildren(...options(srcs, (v) => v, view.source));
    kindSel.replaceChildren(...options(kinds, (v) => tr(`kind.${v}`), view.kind));
  }

  function renderRows(): void {
    const focusedId = (document.activeElement?.closest('tr[data-id]') as HTMLElement | null)?.dataset.id;
    const focusedButton = document.activeElement?.classList.contains('to-map') === true;
    const list = visible();
    body.replaceChildren(...list.map((p) => row(p, toMap)));
    count.textContent = t('shown', { n: list.length, total: parkings.size });
    // For `npm run bench -- dashboard`: when the first car park is on screen.
    if (list.length > 0 && performance.getEntriesByName('first-parking').length === 0)
      performance.mark('first-parking');
    if (focusedId !== undefined)
      body
        .querySelector<HTMLElement>(`tr[data-id="${CSS.escape(focusedId)}"] ${focusedButton ? 'button.to-map' : 'a'}`)
        ?.focus();
    map?.update(
      [...parkings.values()],
      list.map((p) => p.id),
    );
  }

  let pending = false;
  const schedule = (): void => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      renderRows();
    });
  };

  search.addEventListener('input', () => {
    view.q = search.value;
    schedule();
  });
  sourceSel.addEventListener('change', () => {
    view.source = sourceSel.value;
    schedule();
  });
  kindSel.addEventListener('change', () => {
    view.kind = kindSel.value;
    schedule();
  });
  freeBox.addEventListener('change', () => {
    view.onlyFree = freeBox.checked;
    schedule();
  });

  // Vehicles of one chosen route, live (`routes` subscription: snapshot, then `vehicle` events).
  const routes = new Map<string, Route>();
  let vehicleFollow: { stop(): Promise<void> } | undefined;
  getAll<Route>('/v1/routes')
    .then((list) => {
      for (const r of list) routes.set(r.id, r);
      routeSel.append(
        ...list
          .sort((a, b) => (a.shortName ?? a.id).localeCompare(b.shortName ?? b.id, undefined, { numeric: true }))
          .map((r) =>
            h('option', { value: r.id }, [r.shortName, r.longName].filter((x) => x !== null).join(' — ') || r.id),
          ),
      );
    })
    .catch((error: unknown) => problem(error, t('vehiclesOf')));
  routeSel.addEventListener('change', () => {
    void vehicleFollow?.stop().catch(() => undefined);
    vehicleFollow = undefined;
    const id = routeSel.value;
    const shown = new Map<string, Vehicle>();
    const label = routes.get(id)?.shortName ?? id;
    const draw = (): void => {
      map?.vehicles([...shown.values()], label);
      vehicleCount.textContent = id === '' ? '' : t('vehiclesShown', { n: shown.size });
    };
    draw();
    if (id === '') return;
    vehicleFollow = follow(
      { routes: [id] },
      {
        ready: (ack) => {
          if (ack.resumed) return;
          shown.clear();
          for (const v of ack.snapshot.vehicles ?? []) shown.set(v.id, v);
          draw();
        },
        vehicle: ({ vehicle }) => {
          if ((vehicle as Vehicle & { removed?: boolean }).removed === true || vehicle.routeId !== id)
            shown.delete(vehicle.id);
          else shown.set(vehicle.id, vehicle);
          draw();
        },
      },
    );
  });

  renderHead();
  renderFilters();
  renderRows();
  const off = onParkings((changed) => {
    if (changed === 'all') renderFilters();
    schedule();
  });
  void loadParkings();
  return () => {
    off();
    void vehicleFollow?.stop().catch(() => undefined);
    map?.remove();
    map = undefined;
  };
}
