import { createHash } from 'node:crypto';
import { DEMO_PARKING_DATASET } from './demo-sources.js';
import { readCarPark } from './occupancy-curve.js';
import type { CarParkReading, CarParkState } from './occupancy-curve.js';
import { odsTimestamp } from './paris-time.js';
import { POITIERS_CAR_PARKS } from './poitiers-car-parks.js';
import type { DemoCarPark } from './poitiers-car-parks.js';

/** ODS v1 answers 10 rows unless asked for more; it caps `rows` at 10 000. */
export const ODS_DEFAULT_ROWS = 10;
const ODS_MAX_ROWS = 10_000;

export interface OdsParkingFields {
  id: number;
  nom: string;
  places: number;
  capacite: number;
  taux_doccupation: number;
  etat: CarParkState;
  type: 'Parking en ouvrage' | 'Parking relais';
  geo_point_2d: [number, number];
  derniere_mise_a_jour_base: string;
  derniere_actualisation_bo: string;
}

export interface OdsRecord {
  datasetid: string;
  recordid: string;
  fields: OdsParkingFields;
  geometry: { type: 'Point'; coordinates: [number, number] };
  record_timestamp: string;
}

export interface OdsSearchResponse {
  nhits: number;
  /** ODS echoes `start` only when the request gave it. */
  parameters: { dataset: string[]; timezone: string; rows: number; start?: number; format: 'json' };
  records: OdsRecord[];
}

export interface OdsPaging {
  rows: number;
  start: number;
  startGiven: boolean;
}

/** Reads `rows` and `start` like ODS v1 does; anything unusable falls back to the default. */
export function parsePaging(query: URLSearchParams): OdsPaging {
  const rows = toCount(query.get('rows'), ODS_DEFAULT_ROWS);
  const start = toCount(query.get('start'), -1);
  return { rows: Math.min(rows, ODS_MAX_ROWS), start: Math.max(start, 0), startGiven: start >= 0 };
}

function toCount(raw: string | null, fallback: number): number {
  if (raw === null || !/^\d+$/.test(raw)) return fallback;
  return Number(raw);
}

/** The stable record id: ODS ids are 40-hex sha1 strings. */
export function recordIdFor(park: DemoCarPark): string {
  return createHash('sha1').update(`${DEMO_PARKING_DATASET}:${park.id}`).digest('hex');
}

function toRecord(reading: CarParkReading): OdsRecord {
  const { park } = reading;
  const stamp = odsTimestamp(reading.measuredAtMs);
  return {
    datasetid: DEMO_PARKING_DATASET,
    recordid: recordIdFor(park),
    fields: {
      id: park.id,
      nom: park.name,
      places: reading.free,
      capacite: park.capacity,
      taux_doccupation: Math.round((reading.occupied / park.capacity) * 10_000) / 100,
      etat: reading.state,
      type: park.kind === 'park-and-ride' ? 'Parking relais' : 'Parking en ouvrage',
      geo_point_2d: [park.lat, park.lon],
      derniere_mise_a_jour_base: stamp,
      derniere_actualisation_bo: stamp,
    },
    geometry: { type: 'Point', coordinates: [park.lon, park.lat] },
    record_timestamp: stamp,
  };
}

/** The body of `GET /api/records/1.0/search/?dataset=…` as a real ODS portal would serve it. */
export function buildParkingRecords(epochMs: number, seed: number, paging: OdsPaging): OdsSearchResponse {
  const page = POITIERS_CAR_PARKS.slice(paging.start, paging.start + paging.rows);
  return {
    nhits: POITIERS_CAR_PARKS.length,
    parameters: {
      dataset: [DEMO_PARKING_DATASET],
      timezone: 'UTC',
      rows: paging.rows,
      ...(paging.startGiven ? { start: paging.start } : {}),
      format: 'json',
    },
    records: page.map((park) => toRecord(readCarPark(park, epochMs, seed))),
  };
}
