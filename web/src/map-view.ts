/**
 * The car-park map (Leaflet): one marker per located car park, coloured by occupancy and labelled
 * with its free places. Tiles come from HUB_MAP_TILES (a <meta> the hub adds to the page); with
 * none, or none reachable, the markers stand on a plain background.
 */
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import type { Parking } from '../../src/parking/parking.model.js';
import type { Vehicle } from '../../src/transit/transit.model.js';
import { t } from './i18n.js';
import { occupancyClass } from './parkings-store.js';

function meta(name: string): string {
  return document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content ?? '';
}

export interface ParkingMap {
  /**
   * Draws `list`; `order` is the ids in the list's current order (its sort and filters): the arrow keys
   * in a focused marker move along it (Right/Down next, Left/Up previous, Home/End first/last).
   */
  update(list: Parking[], order?: string[]): void;
  /** Brings a car park's marker into view and gives it the keyboard focus; false when it has none. */
  focus(id: string): boolean;
  /** The vehicles of the chosen route (replaces the previous set). */
  vehicles(list: Vehicle[], routeLabel: string): void;
  remove(): void;
}

/**
 * `open` is called on a marker's click or Enter; `back` on Escape in a focused marker (the list
 * gives the focus back to that car park's row).
 */
export function parkingMap(
  container: HTMLElement,
  open: (id: string) => void,
  back: (id: string) => void = () => undefined,
): ParkingMap {
  container.classList.add('map');
  container.setAttribute('role', 'region');
  container.setAttribute('aria-label', t('map'));
  const map = L.map(container, { zoomControl: true, attributionControl: true }).setView([46.58, 0.34], 13);
  const tiles = meta('hub-map-tiles');
  if (tiles !== '') {
    L.tileLayer(tiles, { maxZoom: 19, attribution: escapeText(meta('hub-map-attribution')) }).addTo(map);
  }
  const markers = new Map<string, L.Marker>();
  let fitted = false;
  /** The located car parks in the list's order: where the arrow keys go. */
  let sequence: string[] = [];

  /** Focuses a marker, panning the map only as far as needed to show it. */
  function focusMarker(m: L.Marker): void {
    const el = m.getElement();
    if (el === undefined) return;
    map.panInside(m.getLatLng(), { padding: [24, 24], animate: false });
    el.focus({ preventScroll: true });
  }

  const STEP: Record<string, (i: number, n: number) => number> = {
    ArrowRight: (i) => i + 1,
    ArrowDown: (i) => i + 1,
    ArrowLeft: (i) => i - 1,
    ArrowUp: (i) => i - 1,
    Home: () => 0,
    End: (_i, n) => n - 1,
  };

  /** Arrow keys, Home and End in the marker of `id`: the next, previous, first or last one in `sequence`. */
  function move(id: string, key: string): boolean {
    const step = STEP[key];
    if (step === undefined || sequence.length === 0) return false;
    const at = sequence.indexOf(id);
    // A marker the list's filters hide: the arrows start from the list's first.
    const to = at === -1 ? 0 : Math.min(sequence.length - 1, Math.max(0, step(at, sequence.length)));
    const m = markers.get(sequence[to]);
    if (m !== undefined) focusMarker(m);
    return true;
  }

  function icon(p: Parking): L.DivIcon {
    const label = p.free === null ? '?' : String(p.free);
    return L.divIcon({
      className: `pin ${occupancyClass(p)}${p.stale ? ' pin-stale' : ''}`,
      html: `<span>${escapeText(label)}</span>`,
      iconSize: [36, 24],
      iconAnchor: [18, 12],
    });
  }

  function title(p: Parking): string {
    const free = p.free === null ? t('unknown') : `${p.free} ${t('freePlaces')}`;
    return `${p.name ?? p.id}: ${free}`;
  }

  const buses = L.layerGroup().addTo(map);

  return {
    vehicles(list, routeLabel) {
      buses.clearLayers();
      for (const v of list) {
        const name = `${t('vehicle')} ${v.label ?? v.id} (${t('route')} ${routeLabel})`;
        L.marker([v.location.lat, v.location.lon], {
          icon: L.divIcon({
            className: 'bus',
            html: `<span>${escapeText(routeLabel)}</span>`,
            iconSize: [28, 20],
            iconAnchor: [14, 10],
          }),
          title: name,
          alt: name,
          keyboard: false,
        })
          .addTo(buses)
          .getElement()
          ?.setAttribute('data-vehicle', v.id);
      }
    },
    update(list, order) {
      const seen = new Set<string>();
      for (const p of list) {
        if (p.location === null) continue;
        seen.add(p.id);
        const at: L.LatLngExpression = [p.location.lat, p.location.lon];
        let m = markers.get(p.id);
        if (m === undefined) {
          m = L.marker(at, { icon: icon(p), title: title(p), alt: title(p), keyboard: true, riseOnHover: true });
          m.on('click', () => open(p.id));
          m.on('keypress', (e: L.LeafletKeyboardEvent) => {
            if (e.originalEvent.key === 'Enter') open(p.id);
          });
          m.addTo(map);
          // Leaflet sends no keypress for Escape: listen on the marker's element.
          m.getElement()?.addEventListener('keydown', (e) => {
            if (e.altKey || e.ctrlKey || e.metaKey) return;
            if (e.key === 'Escape') back(p.id);
            else if (move(p.id, e.key)) {
              // Not the page's scroll nor the map's pan: the focus moves.
              e.preventDefault();
              e.stopPropagation();
            }
          });
          markers.set(p.id, m);
        } else {
          m.setLatLng(at);
          m.setIcon(icon(p));
          const el = m.getElement();
          el?.setAttribute('title', title(p));
          el?.setAttribute('aria-label', title(p));
        }
        m.getElement()?.setAttribute('data-parking', p.id);
        m.getElement()?.setAttribute('aria-label', title(p));
      }
      for (const [id, m] of markers) {
        if (!seen.has(id)) {
          m.remove();
          markers.delete(id);
        }
      }
      sequence = (order ?? list.map((p) => p.id)).filter((id) => markers.has(id));
      if (!fitted && markers.size > 0) {
        map.fitBounds(L.latLngBounds([...markers.values()].map((m) => m.getLatLng())).pad(0.15));
        fitted = true;
      }
    },
    focus(id) {
      const m = markers.get(id);
      const el = m?.getElement();
      if (m === undefined || el === undefined) return false;
      map.setView(m.getLatLng(), Math.max(map.getZoom(), 15), { animate: false });
      el.focus({ preventScroll: false });
      return true;
    },
    remove() {
      map.remove();
    },
  };
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
