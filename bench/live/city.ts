import { POITIERS_CAR_PARKS } from '../../src/demo/poitiers-car-parks.js';
import { hashUnit } from '../../src/demo/seeded-random.js';
import { haversineM } from '../../src/common/geo.js';
import type { Parking } from '../../src/parking/parking.model.js';
import type { StoredParking } from '../../src/parking/stored-parking.js';

/**
 * The demo city for the live benches: Grand Poitiers' real car parks plus synthetic facilities
 * spread over the same 6 x 6 km around the centre, and client areas spread the same way.
 * Everything is a pure function of the seed.
 */
export const CENTRE = { lat: 46.58, lon: 0.345 };
const HALF_SIDE_DEG = { lat: 0.027, lon: 0.039 }; // about 3 km each way at 46.58 N

export interface Facility {
  id: string;
  name: string;
  lat: number;
  lon: number;
  capacity: number;
}

export interface ClientArea {
  lat: number;
  lon: number;
  radius: number;
}

export const SOURCE = 'bench-city';

export function cityFacilities(count: number): Facility[] {
  const real = POITIERS_CAR_PARKS.map((p) => ({
    id: `${SOURCE}:${p.id}`,
    name: p.name,
    lat: p.lat,
    lon: p.lon,
    capacity: p.capacity,
  }));
  const synthetic = Array.from({ length: Math.max(0, count - real.length) }, (_, i) => ({
    id: `${SOURCE}:s${i}`,
    name: `Street ${i}`,
    ...spread('facility', i),
    capacity: 20 + Math.floor(hashUnit('capacity', i) * 200),
  }));
  return [...real, ...synthetic].slice(0, count);
}

/** Circles of 300 to 1500 m around points spread over the city. */
export function clientAreas(count: number): ClientArea[] {
  return Array.from({ length: count }, (_, i) => ({
    ...spread('client', i),
    radius: 300 + Math.round(hashUnit('radius', i) * 1_200),
  }));
}

function spread(kind: string, i: number): { lat: number; lon: number } {
  return {
    lat: round6(CENTRE.lat + (hashUnit(kind, 'lat', i) * 2 - 1) * HALF_SIDE_DEG.lat),
    lon: round6(CENTRE.lon + (hashUnit(kind, 'lon', i) * 2 - 1) * HALF_SIDE_DEG.lon),
  };
}

const round6 = (v: number) => Math.round(v * 1e6) / 1e6;

export function inArea(area: ClientArea, f: { lat: number; lon: number }): boolean {
  return haversineM(area.lat, area.lon, f.lat, f.lon) <= area.radius;
}

/** The canonical object a worker would store and append; `receivedAt` carries the publish time. */
export function parkingOf(f: Facility, free: number, publishedAt: number): Parking {
  const at = new Date(publishedAt).toISOString();
  return {
    id: f.id,
    source: SOURCE,
    name: f.name,
    kind: 'car-park',
    location: { lat: f.lat, lon: f.lon },
    capacity: f.capacity,
    free,
    occupied: f.capacity - free,
    status: 'open',
    trend: 'unknown',
    observedAt: at,
    receivedAt: at,
    stale: false,
    quality: [],
  };
}

export function stored(parking: Parking): StoredParking {
  return { parking, valueSince: parking.observedAt };
}

/** Which facilities change at tick `t` (`perTick` distinct ones), and their new free count. */
export function changesAt(
  facilities: Facility[],
  t: number,
  perTick: number,
): Array<{ facility: Facility; free: number }> {
  const start = Math.floor(hashUnit('tick', t) * facilities.length);
  return Array.from({ length: perTick }, (_, k) => {
    const facility = facilities[(start + k * 7) % facilities.length];
    return { facility, free: Math.floor(hashUnit('free', t, k) * facility.capacity) };
  });
}
