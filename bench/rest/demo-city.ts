import { POITIERS_CAR_PARKS } from '../../src/demo/poitiers-car-parks.js';
import { seededRandom } from './seeded-random.js';

/** The demo's centre (Hôtel de Ville), the `near` of the README's example. */
export const CENTRE = { lat: 46.5802, lon: 0.3404 };
const SPREAD_M = 2_500;
const M_PER_DEG_LAT = 111_320;

/**
 * The demo city grown to `size` car parks: the ten Grand Poitiers garages of the demo operator,
 * plus seeded ones within 2.5 km of the centre, as a json-mapping payload (items[]).
 */
export function demoCityPayload(size: number, observedAt: Date): string {
  const random = seededRandom(46_580);
  const real = POITIERS_CAR_PARKS.map((p) => ({
    id: `p${p.id}`,
    name: p.name,
    lat: p.lat,
    lon: p.lon,
    total: p.capacity,
  }));
  const grown = Array.from({ length: size - real.length }, (_, i) => {
    const r = SPREAD_M * Math.sqrt(random());
    const angle = 2 * Math.PI * random();
    const lat = CENTRE.lat + (r * Math.cos(angle)) / M_PER_DEG_LAT;
    const lon = CENTRE.lon + (r * Math.sin(angle)) / (M_PER_DEG_LAT * Math.cos((CENTRE.lat * Math.PI) / 180));
    return { id: `g${i}`, name: `PARKING ${i + 1}`, lat, lon, total: 50 + Math.floor(random() * 600) };
  });
  const items = [...real, ...grown].map((p) => ({
    ...p,
    free: Math.floor(random() * (p.total + 1)),
    ts: observedAt.toISOString(),
  }));
  return JSON.stringify({ items });
}

export function demoCitySources(file: string): string {
  return `sources:
  - id: demo-city
    kind: parking
    format: json-mapping
    url: ${file}
    interval: 60s
    mapping: { items: items, id: id, name: name, lat: lat, lon: lon, free: free, capacity: total, observedAt: ts }
`;
}
